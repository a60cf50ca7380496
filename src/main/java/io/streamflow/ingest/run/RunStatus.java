package io.streamflow.ingest.run;

/** Where a run stands. Open runs gather files; the others are decided and never change again. */
public enum RunStatus {
    STAGING, VALIDATING, PUBLISHED, ALREADY_PUBLISHED, REJECTED, INCOMPLETE,
    /** A published run whose as_of was later replaced by an explicit restatement. */
    RESTATED,
    /** A published run taken back by {@code retract}: its snapshot rows are gone, live fell back to older rows. */
    RETRACTED;

    public boolean published() {
        return this == PUBLISHED || this == ALREADY_PUBLISHED;
    }

    public boolean open() {
        return this == STAGING || this == VALIDATING;
    }
}
