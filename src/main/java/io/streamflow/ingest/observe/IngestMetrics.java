package io.streamflow.ingest.observe;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.RunStatus;

/**
 * The service's own meters, in the Micrometer registry that /observe/metrics scrapes:
 * <ul>
 * <li>{@code streamflow_rows_ingested_total{table}}: rows staged from the month files;</li>
 * <li>{@code streamflow_months_total{status}}: decided months, PUBLISHED, ALREADY_PUBLISHED, REJECTED or INCOMPLETE;</li>
 * <li>{@code streamflow_validation_failures_total{table,rule}}: failing rows (or items) of each failed expectation;</li>
 * <li>{@code streamflow_stage_duration_seconds{stage}}: stage (one file), gate, publish and report.</li>
 * </ul>
 */
public class IngestMetrics {

    public static final String ROWS_INGESTED = "streamflow.rows.ingested";
    public static final String MONTHS = "streamflow.months";
    public static final String VALIDATION_FAILURES = "streamflow.validation.failures";
    public static final String STAGE_DURATION = "streamflow.stage.duration";
    public static final List<String> STAGES = List.of("stage", "gate", "publish", "report");

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every series a dashboard plots exists from the start, at zero
        ExpectationSuite.TABLES.forEach(this::rowsIngestedCounter);
        for (RunStatus status : RunStatus.values()) {
            if (!status.open()) {
                monthsCounter(status);
            }
        }
        STAGES.forEach(this::stageTimer);
    }

    public void rowsIngested(String table, long rows) {
        rowsIngestedCounter(table).increment(rows);
    }

    public void monthDecided(RunStatus status) {
        monthsCounter(status).increment();
    }

    /** Counts the failed expectations of a verdict, blocking or warning, by table and rule. */
    public void validationFailures(List<ExpectationResult> results) {
        for (ExpectationResult result : results) {
            if (!result.passed()) {
                Counter.builder(VALIDATION_FAILURES).description("Failing rows or items of failed expectations")
                        .tag("table", result.table()).tag("rule", result.rule()).register(registry)
                        .increment(Math.max(1, result.failures()));
            }
        }
    }

    public void stageTime(String stage, long millis) {
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

    private Timer stageTimer(String stage) {
        return Timer.builder(STAGE_DURATION).description("Duration of a month's stages (stage = one file)")
                .tag("stage", stage).register(registry);
    }
}
