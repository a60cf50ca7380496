package io.streamflow.ingest.run;

/** A file arrived for a month whose run is being validated or published: it is tried again once that run is decided. */
public class MonthBusyException extends IllegalStateException {
    public MonthBusyException(String message) {
        super(message);
    }
}
