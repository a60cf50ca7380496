package io.streamflow.ingest.intake;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.run.Failures;

/**
 * The records camel-csv parses from a {@link CsvGuard}ed file, each with the physical line it starts on. A record
 * that cannot be read (the guard refused the bytes, or the CSV syntax is broken) ends the file with an
 * {@link InputRefusedException} naming the line and, where known, the column.
 */
public final class CsvRecords implements Iterator<CsvLine>, Closeable {

    /** The line in commons-csv's messages: "(line 7) ...", or "... at line: 1,200, position: 3" (grouped by locale). */
    private static final Pattern PARSER_LINE = Pattern.compile("(?:\\(line |at line: )([0-9][0-9.,'\\u00a0\\u202f ]*?)(?:\\)|, position)");

    private final Iterator<List<String>> parsed;
    private final CsvGuard guard;
    private final List<String> header;
    private final BooleanSupplier stopped;

    /**
     * @param parsed  the iterator camel-csv's lazy unmarshal gives
     * @param guard   the file's checked stream, or null when the file is not read (refused before it was opened)
     * @param header  the file's column names in file order, to name the column of a refused field
     * @param stopped whether the file was refused meanwhile: then there is nothing more to read
     */
    public CsvRecords(Iterator<List<String>> parsed, CsvGuard guard, List<String> header, BooleanSupplier stopped) {
        this.parsed = parsed;
        this.guard = guard;
        this.header = header;
        this.stopped = stopped;
    }

    @Override
    public boolean hasNext() {
        if (stopped.getAsBoolean()) {
            return false;
        }
        try {
            return parsed.hasNext();
        } catch (RuntimeException e) {
            throw refused(e);
        }
    }

    @Override
    public CsvLine next() {
        List<String> fields;
        try {
            fields = parsed.next();
        } catch (RuntimeException e) {
            throw refused(e);
        }
        return new CsvLine(guard.nextRecordLine(), fields);
    }

    private InputRefusedException refused(RuntimeException e) {
        return refusal(e, guard, header).orElseGet(() -> {
            // commons-csv: "Invalid character between encapsulated token and delimiter at line: 7, position: 3",
            // "(line 7) invalid parse sequence", "EOF reached before ..."
            String message = Failures.rootMessage(e);
            Matcher at = PARSER_LINE.matcher(message);
            long line = at.find() ? Long.parseLong(at.group(1).replaceAll("[^0-9]", ""))
                    : guard == null ? 0 : guard.currentLine();
            return new InputRefusedException(new RowError(line(line), "", Rule.CSV_SYNTAX, message), e);
        });
    }

    /**
     * The refusal a failure carries, wherever it surfaced (the parser reads ahead, so the guard may refuse bytes while
     * camel-csv opens the file): the guard's, or one already made.
     *
     * @param header the file's column names in file order, to name the column of a refused field
     */
    static Optional<InputRefusedException> refusal(Throwable failure, CsvGuard guard, List<String> header) {
        return Failures.chain(failure).<InputRefusedException>mapMulti((cause, found) -> {
            if (cause instanceof CsvGuard.Refusal refusal) {
                String column = refusal.field() >= 0 && refusal.field() < header.size() ? header.get(refusal.field()) : "";
                found.accept(new InputRefusedException(new RowError(line(refusal.line()), column, refusal.rule(),
                        refusal.getMessage()), failure));
            } else if (cause instanceof InputRefusedException already) {
                found.accept(already);
            }
        }).findFirst();
    }

    private static int line(long line) {
        return (int) Math.min(line, Integer.MAX_VALUE);
    }


    @Override
    public void close() throws IOException {
        try {
            if (parsed instanceof Closeable closeable) {
                closeable.close();
            }
        } finally {
            if (guard != null) {
                guard.close();
            }
        }
    }
}
