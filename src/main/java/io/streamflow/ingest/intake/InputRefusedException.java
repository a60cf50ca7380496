package io.streamflow.ingest.intake;

/**
 * A file that cannot be read further, for a reason that lies in the file: its CSV syntax, its encoding, a line past
 * the length bound, a value the database refused. The intake records the error (file, line, column, rule) and stops
 * reading the file; the gate then refuses its month. Never retried: the same bytes would fail the same way.
 */
public class InputRefusedException extends RuntimeException {

    private final transient RowError error;

    public InputRefusedException(RowError error, Throwable cause) {
        super(error.rule().id() + " at line " + error.line() + ": " + error.value(), cause);
        this.error = error;
    }

    public RowError error() {
        return error;
    }
}
