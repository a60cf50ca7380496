package io.streamflow.ingest.run;

/**
 * The stages a run's time is counted in, one name each, the same in the run log
 * ({@code ingestion_runs.stage_millis}), the report and the {@code streamflow_stage_duration_seconds} metric:
 * <ul>
 *   <li>{@link #PARSE}: reading, hashing and parsing a month's files, and the routing around it (the files' intake
 *       time less the two below);</li>
 *   <li>{@link #VALIDATE}: the row checks;</li>
 *   <li>{@link #STAGE}: writing into staging (each chunk's COPY, the row errors, each file's staged-row count);</li>
 *   <li>{@link #FILE}: one file's whole intake, from its header check to its staged_files record (metric only);</li>
 *   <li>{@link #GATE}, {@link #PUBLISH} (live tables), {@link #SNAPSHOT} (snapshot tables), {@link #PROFILE} (the
 *       column profile and drift of the report, run log and report only), {@link #CLEANUP} (staging dropped),
 *       {@link #REPORT}.</li>
 * </ul>
 * Intake stages are summed over the files of a run, so with files staged in parallel they add up to more than the
 * wall time.
 */
public enum Stage {
    PARSE, VALIDATE, STAGE, FILE, GATE, PUBLISH, SNAPSHOT, PROFILE, CLEANUP, REPORT;

    /** The name in the run log, reports and metrics. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
