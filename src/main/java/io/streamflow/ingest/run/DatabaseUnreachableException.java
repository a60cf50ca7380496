package io.streamflow.ingest.run;

/** The PostgreSQL server did not answer within the configured wait: not a problem of the data, nor of usage. */
public class DatabaseUnreachableException extends IllegalStateException {
    public DatabaseUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
