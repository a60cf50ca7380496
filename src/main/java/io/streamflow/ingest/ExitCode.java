package io.streamflow.ingest;

/** The exit codes of the commands (README, "Run it"). */
public final class ExitCode {

    /** Every month published or already published; the command did what was asked. */
    public static final int OK = 0;
    /** A month was refused (or an as_of asked for is not published): the input, not the service. */
    public static final int REFUSED = 1;
    /** Usage or configuration error: wrong arguments, an unreadable setting or suite. */
    public static final int USAGE = 2;
    /** The PostgreSQL server did not answer within STREAMFLOW_DB_WAIT_SECONDS, or went away for longer than the retries. */
    public static final int DATABASE_UNREACHABLE = 3;

    private ExitCode() {
    }
}
