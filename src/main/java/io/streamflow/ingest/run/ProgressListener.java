package io.streamflow.ingest.run;

import java.util.List;

/**
 * What the stages of a run report as they go, for meters: observe's IngestMetrics counts, RunLogMetrics reads the
 * run log again when a run is decided. Each listener overrides what it needs.
 */
public interface ProgressListener {

    /** Rows staged from one file of a table. */
    default void rowsIngested(String table, long rows) {
    }

    /** A run decided with this status; the run log says so already. */
    default void monthDecided(RunStatus status) {
    }

    /** The failed expectations of a verdict, blocking or warning. */
    default void validationFailures(List<ExpectationResult> results) {
    }

    /** How long a stage took (one file for {@link Stage#FILE}). */
    default void stageTime(Stage stage, long millis) {
    }
}
