package io.streamflow.ingest.run;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the month being ingested stands, told by each stage as it goes: staging a table, validating,
 * publishing, decided. Read over JMX as {@code org.apache.camel:context=<name>,type=services,name=MonthProgress};
 * it also feeds the meters and writes the per-file and gate lines of the log.
 */
@ManagedResource(description = "Progress of the month being ingested")
public class MonthProgress {

    private static final Logger LOG = LoggerFactory.getLogger(MonthProgress.class);

    private final ProgressListener metrics;
    private final List<ProgressListener> deciders = new CopyOnWriteArrayList<>();

    private volatile long runId;
    private volatile String month = "";
    private volatile String asOf = "";
    private volatile String stage = "IDLE";
    private volatile String table = "";
    private volatile long rowsBeforeFile;
    private volatile long rowsSoFar;
    private volatile Instant updated = Instant.now();
    private volatile String lastDecision = "";

    public MonthProgress(ProgressListener metrics) {
        this.metrics = metrics;
    }

    /** Another listener told of every decision, after the meters. */
    public void onDecision(ProgressListener listener) {
        deciders.add(listener);
    }

    /** A file of a month starts: its rows are counted from here. */
    public synchronized FileProgress fileStarted(long run, String monthName, String asOfDate, String tableName) {
        if (run != runId) {
            rowsBeforeFile = 0;
        }
        runId = run;
        month = monthName;
        asOf = asOfDate;
        table = tableName;
        rowsSoFar = rowsBeforeFile;
        moveTo("STAGING");
        return new FileProgress(this, run, monthName, tableName);
    }

    synchronized void rowsRead(FileProgress file) {
        if (file.runId() == runId) {
            rowsSoFar = rowsBeforeFile + file.rows();
        }
        updated = Instant.now();
    }

    /** When any run last moved: a chunk staged, a stage begun or ended. */
    public Instant lastProgress() {
        return updated;
    }

    /** A file is staged: one line with its counts and speed; the rows-ingested meter moves. */
    public synchronized void fileStaged(FileProgress file, long staged, long refused) {
        long millis = file.elapsedMillis();
        if (file.runId() == runId) {
            rowsBeforeFile += file.rows();
            rowsSoFar = rowsBeforeFile;
            updated = Instant.now();
        }
        LOG.info("Staged {}/{} (run {}): {} rows staged, {} refused, in {} ms ({} rows/s)", file.month(), file.table(),
                file.runId(), staged, refused, millis, FileProgress.perSecond(file.rows(), millis));
        metrics.rowsIngested(file.table(), staged);
        metrics.stageTime(Stage.FILE, millis);
    }

    public synchronized void validating(long run, String monthName, String asOfDate) {
        runId = run;
        month = monthName;
        asOf = asOfDate;
        table = "";
        moveTo("VALIDATING");
    }

    /** The gate's verdict: one line with the expectation counts and its time. */
    public void validated(MonthVerdict verdict) {
        List<ExpectationResult> failed = verdict.failed();
        long blocking = failed.stream().filter(ExpectationResult::blocking).count();
        long millis = verdict.stageMillis().getOrDefault(Stage.GATE.id(), 0L);
        LOG.info("Gate on {} (run {}, as_of {}): {} expectations, {} failed ({} blocking, {} warnings) in {} ms: {}",
                verdict.month(), verdict.runId(), verdict.asOf(), verdict.results().size(), failed.size(), blocking,
                failed.size() - blocking, millis,
                verdict.decision() == MonthVerdict.Decision.PUBLISH ? "publishing" : verdict.status());
        metrics.validationFailures(verdict.results());
        metrics.stageTime(Stage.GATE, millis);
    }

    public void publishing(MonthVerdict verdict) {
        moveTo("PUBLISHING");
    }

    public void published(MonthVerdict verdict) {
        Long millis = verdict.stageMillis().get(Stage.PUBLISH.id());
        if (millis != null) {
            metrics.stageTime(Stage.PUBLISH, millis);
        }
    }

    public void reporting(MonthVerdict verdict) {
        moveTo("REPORTING");
    }

    /** The run is closed: its status becomes the stage until the next file arrives. Meters first, then JMX. */
    public synchronized void decided(MonthVerdict verdict, long reportMillis) {
        metrics.monthDecided(verdict.status());
        metrics.stageTime(Stage.REPORT, reportMillis);
        if (verdict.runId() == runId) {
            moveTo(verdict.status().name());
        }
        lastDecision = verdict.month() + " " + verdict.asOf() + " run " + verdict.runId() + " " + verdict.status();
        deciders.forEach(listener -> listener.monthDecided(verdict.status()));
    }

    private void moveTo(String newStage) {
        stage = newStage;
        updated = Instant.now();
    }

    @ManagedAttribute(description = "Month folder of the current or last run (month_NNN or YYYY-MM)")
    public String getMonth() {
        return month;
    }

    @ManagedAttribute(description = "as_of date of the current or last run")
    public String getAsOf() {
        return asOf;
    }

    @ManagedAttribute(description = "Run id in ingestion_runs")
    public long getRunId() {
        return runId;
    }

    @ManagedAttribute(description = "IDLE, STAGING, VALIDATING, PUBLISHING, REPORTING, or the run's final status")
    public String getStage() {
        return stage;
    }

    @ManagedAttribute(description = "Table being staged, while STAGING")
    public String getTable() {
        return table;
    }

    @ManagedAttribute(description = "Data rows read from the run's files so far")
    public long getRowsSoFar() {
        return rowsSoFar;
    }

    @ManagedAttribute(description = "When the progress last moved (ISO-8601, UTC)")
    public String getUpdated() {
        return updated.toString();
    }

    @ManagedAttribute(description = "The last decided run: month, as_of, run id and status")
    public String getLastDecision() {
        return lastDecision;
    }
}
