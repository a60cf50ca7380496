package io.streamflow.ingest.run;

import java.util.List;

/** What the stages of a run report as they go, for meters (observe's IngestMetrics listens). */
public interface ProgressListener {

    /** Rows staged from one file of a table. */
    void rowsIngested(String table, long rows);

    /** A run decided with this status. */
    void monthDecided(RunStatus status);

    /** The failed expectations of a verdict, blocking or warning. */
    void validationFailures(List<ExpectationResult> results);

    /** How long a stage took (one file for {@link Stage#FILE}). */
    void stageTime(Stage stage, long millis);
}
