package io.streamflow.ingest.intake;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.streamflow.ingest.contract.Rule;

/**
 * The bytes of a CSV file on their way to the parser, checked as they pass: valid UTF-8 only, no NUL byte, and no
 * record (line, with its quoted line breaks) longer than a bound, so that memory stays bounded whatever the file
 * holds: a 200 MB line is refused after its first megabyte, without the rest being read into memory. A failed check
 * throws {@link Refusal} naming the physical line and the field.
 * <p>
 * It also tells the physical line each record starts on ({@link #nextRecordLine()}): it follows the quoting as
 * commons-csv's default format does (a field that starts with a double quote runs to the closing quote; {@code ""}
 * inside it is a quote; CR, LF and CRLF end a record outside quotes), so a quoted line break does not shift the line
 * numbers of the records after it.
 */
public final class CsvGuard extends FilterInputStream {

    /** A check failed: the file is refused at this line and field (0-based field index; -1 when unknown). */
    public static final class Refusal extends IOException {
        private final long line;
        private final int field;
        private final Rule rule;

        Refusal(long line, int field, Rule rule, String message) {
            super(message);
            this.line = line;
            this.field = field;
            this.rule = rule;
        }

        public long line() {
            return line;
        }

        public int field() {
            return field;
        }

        public Rule rule() {
            return rule;
        }
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final long maxRecordBytes;
    /**
     * Physical lines on which the records read so far start, not yet taken by {@link #nextRecordLine()}: a queue in a
     * ring of primitive longs (as many as the records the parser's read-ahead holds), not boxed per record.
     */
    private long[] recordStarts = new long[256];
    private int firstStart;
    private int starts;

    private State state = State.FIELD_START;
    private long line = 1;
    private long recordLine = 1;
    private long recordBytes;
    private int field;
    private boolean afterCr;
    /** UTF-8: continuation bytes still expected, and the range the next one must lie in. */
    private int continuations;
    private int lead;
    private int low = 0x80;
    private int high = 0xBF;

    public CsvGuard(InputStream in, long maxRecordBytes) {
        super(in);
        this.maxRecordBytes = maxRecordBytes;
        addRecordStart(1);
    }

    /** The physical line the next record (in parse order) starts on. */
    public long nextRecordLine() {
        if (starts == 0) {
            return line;
        }
        long start = recordStarts[firstStart];
        firstStart = (firstStart + 1) % recordStarts.length;
        starts--;
        return start;
    }

    private void addRecordStart(long start) {
        if (starts == recordStarts.length) {
            long[] larger = new long[recordStarts.length * 2];
            for (int i = 0; i < starts; i++) {
                larger[i] = recordStarts[(firstStart + i) % recordStarts.length];
            }
            recordStarts = larger;
            firstStart = 0;
        }
        recordStarts[(firstStart + starts) % recordStarts.length] = start;
        starts++;
    }

    /** The physical line being read (where a parse error was found, at the latest). */
    public long currentLine() {
        return line;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            check((byte) b);
        } else {
            atEnd();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            atEnd();
        }
        for (int i = 0; i < n; i++) {
            check(buffer[offset + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a checked CSV stream is read, not skipped");
    }

    private void atEnd() throws Refusal {
        if (continuations > 0) {
            throw new Refusal(line, field, Rule.ENCODING, "the file ends inside a UTF-8 character");
        }
    }

    private void check(byte value) throws Refusal {
        int b = value & 0xFF;
        utf8(b);
        if (b == 0) {
            throw new Refusal(line, field, Rule.ENCODING, "a NUL byte (0x00)");
        }
        if (b == '\n' && afterCr) {
            afterCr = false; // the LF of a CRLF: the CR ended the line
            return;
        }
        afterCr = b == '\r';
        // every byte of a record counts, the line breaks inside its quoted fields too
        if (++recordBytes > maxRecordBytes) {
            throw new Refusal(recordLine, field, Rule.LINE_LENGTH, "the line is longer than " + maxRecordBytes
                    + " bytes (STREAMFLOW_MAX_LINE_BYTES); the rest of it was not read");
        }
        if (b == '\n' || b == '\r') {
            line++;
            if (state != State.QUOTED) {
                endRecord();
            }
            return;
        }
        switch (state) {
            case FIELD_START -> state = b == '"' ? State.QUOTED : b == ',' ? nextField() : State.UNQUOTED;
            case UNQUOTED -> {
                if (b == ',') {
                    state = nextField();
                }
            }
            case QUOTED -> {
                if (b == '"') {
                    state = State.QUOTE_IN_QUOTED;
                }
            }
            case QUOTE_IN_QUOTED -> state = b == '"' ? State.QUOTED : b == ',' ? nextField() : State.UNQUOTED;
        }
    }

    private State nextField() {
        field++;
        return State.FIELD_START;
    }

    private void endRecord() {
        state = State.FIELD_START;
        field = 0;
        recordBytes = 0;
        recordLine = line;
        addRecordStart(line);
    }

    /** One step of a UTF-8 validator (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
    private void utf8(int b) throws Refusal {
        if (continuations > 0) {
            if (b < low || b > high) {
                throw invalid(b);
            }
            continuations--;
            low = 0x80;
            high = 0xBF;
            return;
        }
        if (b < 0x80) {
            return;
        }
        lead = b;
        if (b >= 0xC2 && b <= 0xDF) {
            continuations = 1;
        } else if (b == 0xE0) {
            continuations = 2;
            low = 0xA0;
        } else if (b >= 0xE1 && b <= 0xEC || b == 0xEE || b == 0xEF) {
            continuations = 2;
        } else if (b == 0xED) {
            continuations = 2;
            high = 0x9F;
        } else if (b == 0xF0) {
            continuations = 3;
            low = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            continuations = 3;
        } else if (b == 0xF4) {
            continuations = 3;
            high = 0x8F;
        } else {
            throw invalid(b);
        }
    }

    private Refusal invalid(int b) {
        return new Refusal(line, field, Rule.ENCODING, continuations > 0
                ? String.format("not valid UTF-8 (byte 0x%02X after 0x%02X; Latin-1 or another encoding?)", b, lead)
                : String.format("not valid UTF-8 (byte 0x%02X)", b));
    }
}
