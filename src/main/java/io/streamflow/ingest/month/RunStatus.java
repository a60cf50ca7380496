package io.streamflow.ingest.month;

/** Where a run stands. Open runs gather files; the others are decided and never change again. */
public enum RunStatus {
    STAGING, VALIDATING, PUBLISHED, ALREADY_PUBLISHED, REJECTED, INCOMPLETE;

    public boolean published() {
        return this == PUBLISHED || this == ALREADY_PUBLISHED;
    }

    public boolean open() {
        return this == STAGING || this == VALIDATING;
    }
}
