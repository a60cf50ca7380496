package io.streamflow.ingest.observe;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.ProgressListener;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.Stage;

/**
 * The service's own meters, in the Micrometer registry that /observe/metrics scrapes:
 * <ul>
 * <li>{@code streamflow_rows_ingested_total{table}}: rows staged from the month files;</li>
 * <li>{@code streamflow_months_total{status}}: decided months, PUBLISHED, ALREADY_PUBLISHED, REJECTED or INCOMPLETE;</li>
 * <li>{@code streamflow_validation_failures_total{table,rule}}: failing rows (or items) of each failed expectation;</li>
 * <li>{@code streamflow_stage_duration_seconds{stage}}: file (one file's intake), gate, publish and report.</li>
 * </ul>
 */
public class IngestMetrics implements ProgressListener {

    public static final String ROWS_INGESTED = "streamflow.rows.ingested";
    public static final String MONTHS = "streamflow.months";
    public static final String VALIDATION_FAILURES = "streamflow.validation.failures";
    public static final String STAGE_DURATION = "streamflow.stage.duration";
    /** The stages timed here: one file's intake, the gate, the publish and the report. */
    public static final List<Stage> STAGES = List.of(Stage.FILE, Stage.GATE, Stage.PUBLISH, Stage.REPORT);

    private final MeterRegistry registry;

    /** @param tables the tables of a month, whose series exist from the start */
    public IngestMetrics(MeterRegistry registry, List<String> tables) {
        this.registry = registry;
        // every series a dashboard plots exists from the start, at zero
        tables.forEach(this::rowsIngestedCounter);
        for (RunStatus status : RunStatus.values()) {
            if (!status.open()) {
                monthsCounter(status);
            }
        }
        STAGES.forEach(this::stageTimer);
    }

    @Override
    public void rowsIngested(String table, long rows) {
        rowsIngestedCounter(table).increment(rows);
    }

    @Override
    public void monthDecided(RunStatus status) {
        monthsCounter(status).increment();
    }

    /** Counts the failed expectations of a verdict, blocking or warning, by table and rule. */
    @Override
    public void validationFailures(List<ExpectationResult> results) {
        for (ExpectationResult result : results) {
            if (!result.passed()) {
                Counter.builder(VALIDATION_FAILURES).description("Failing rows or items of failed expectations")
                        .tag("table", result.table()).tag("rule", result.rule()).register(registry)
                        .increment(Math.max(1, result.failures()));
            }
        }
    }

    @Override
    public void stageTime(Stage stage, long millis) {
        stageTimer(stage).record(Duration.ofMillis(millis));
    }

    private Counter rowsIngestedCounter(String table) {
        return Counter.builder(ROWS_INGESTED).description("Rows staged from month files")
                .tag("table", table).register(registry);
    }

    private Counter monthsCounter(RunStatus status) {
        return Counter.builder(MONTHS).description("Months decided, by outcome")
                .tag("status", status.name()).register(registry);
    }

    private Timer stageTimer(Stage stage) {
        return Timer.builder(STAGE_DURATION).description("Duration of a month's stages (file = one file's intake)")
                .tag("stage", stage.id()).register(registry);
    }
}
