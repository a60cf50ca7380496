package io.streamflow.ingest.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.BitSet;

/**
 * Rewrites the booleans of a CSV stream that PostgreSQL's {@code COPY ... TO STDOUT (FORMAT csv, HEADER)} writes
 * ({@code t} and {@code f}) as the monthly exports spell them ({@code True} and {@code False}), in the columns
 * given, as the bytes pass: on the client, beside the server's work, instead of a CASE per column and row in the
 * query. The header and every other field pass unchanged, copied in runs; a quoted field (which may hold commas,
 * quotes and line breaks) is passed whole. An empty field (NULL) stays empty.
 */
final class BooleanSpelling extends FilterOutputStream {

    private static final byte[] TRUE = {'T', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'F', 'a', 'l', 's', 'e'};

    private final BitSet booleans;
    private boolean header = true;
    private boolean quoted;
    private boolean fieldStart = true;
    private int column;
    /** A t or f that began a field of a boolean column, held until the field ends; -1 when none. */
    private int held = -1;

    /** @param booleans the zero-based indexes of the boolean columns */
    BooleanSpelling(OutputStream out, BitSet booleans) {
        super(out);
        this.booleans = booleans;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int run = offset; // the first byte not written yet
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (quoted) {
                quoted = b != '"'; // a doubled quote inside closes and reopens the field: both pass unchanged
            } else if (b == ',' || b == '\n' || b == '\r') {
                if (held >= 0) {
                    out.write(held == 't' ? TRUE : FALSE);
                    held = -1;
                }
                if (b == ',') {
                    column++;
                } else if (b == '\n') {
                    column = 0;
                    header = false;
                }
                fieldStart = true;
            } else if (fieldStart && !header && (b == 't' || b == 'f') && booleans.get(column)) {
                out.write(bytes, run, i - run);
                run = i + 1;
                held = b;
                fieldStart = false;
            } else {
                if (held >= 0) { // more follows: not a boolean after all, the field passes as it came
                    out.write(held);
                    held = -1;
                }
                quoted = b == '"';
                fieldStart = false;
            }
        }
        out.write(bytes, run, end - run);
    }

    @Override
    public void close() throws IOException {
        if (held >= 0) { // a boolean last in a stream without a final line break
            out.write(held == 't' ? TRUE : FALSE);
            held = -1;
        }
        super.close();
    }
}
