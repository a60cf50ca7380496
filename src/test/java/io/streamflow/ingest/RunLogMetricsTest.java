package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamflow.ingest.observe.RunLogMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The run log's gauges, as a service that just started reads them from ingestion_runs. */
@ExtendWith(DatabaseExtension.class)
class RunLogMetricsTest {

    @TempDir
    java.nio.file.Path work;

    private TestDatabase db;
    private JdbcTemplate jdbc;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void schema(TestDatabase database) throws Exception {
        db = database;
        assertThat(Streamflow.migrate(db.properties(work))).isZero();
        jdbc = db.jdbc();
    }

    @Test
    void beforeAnyRunNothingIsPublishedAndNothingIsOpen() {
        refreshed();
        assertThat(gauge("streamflow.newest.published.as.of")).isNaN();
        assertThat(gauge("streamflow.last.publish.timestamp")).isNaN();
        assertThat(gauge("streamflow.oldest.open.run.age")).isZero();
        assertThat(registry.find("streamflow.runs").gauges()).hasSizeGreaterThanOrEqualTo(7)
                .allSatisfy(g -> assertThat(g.value()).isZero());
    }

    @Test
    void theGaugesSayWhatTheRunLogHolds() {
        Instant lastPublish = Instant.parse("2024-04-03T08:15:30Z");
        run("month_000", "2024-01-31", "RESTATED", Instant.parse("2024-02-02T10:00:00Z"));
        run("month_000", "2024-01-31", "PUBLISHED", Instant.parse("2024-03-20T10:00:00Z")); // the restatement
        run("month_001", "2024-02-29", "PUBLISHED", lastPublish);
        run("month_001", "2024-02-29", "ALREADY_PUBLISHED", Instant.parse("2024-04-04T09:00:00Z")); // no publish
        run("month_002", "2024-03-31", "REJECTED", Instant.parse("2024-04-05T09:00:00Z")); // newer, but refused
        run("month_002", "2024-03-31", "INCOMPLETE", Instant.parse("2024-04-06T09:00:00Z"));
        jdbc.update("INSERT INTO ingestion_runs (month, as_of, mode, status, started_at) VALUES ('month_003', '2024-04-30',"
                + " 'service', 'STAGING', now() - interval '3 hours')");

        refreshed();

        assertThat(gauge("streamflow.newest.published.as.of")).isEqualTo(RunLogMetrics.epochSeconds(LocalDate.parse("2024-02-29")))
                .isEqualTo(1709164800.0);
        assertThat(gauge("streamflow.last.publish.timestamp")).isEqualTo(lastPublish.getEpochSecond(), within(0.001));
        assertThat(gauge("streamflow.oldest.open.run.age")).isBetween(3 * 3600.0, 3 * 3600.0 + 120);
        assertThat(runs("PUBLISHED")).isEqualTo(2);
        assertThat(runs("RESTATED")).isEqualTo(1);
        assertThat(runs("ALREADY_PUBLISHED")).isEqualTo(1);
        assertThat(runs("REJECTED")).isEqualTo(1);
        assertThat(runs("INCOMPLETE")).isEqualTo(1);
        assertThat(runs("STAGING")).isEqualTo(1);
        assertThat(runs("VALIDATING")).isZero();
    }

    @Test
    void theLastValuesStayWhileTheDatabaseIsAway() throws Exception {
        run("month_000", "2024-01-31", "PUBLISHED", Instant.parse("2024-02-02T10:00:00Z"));
        RunLogMetrics metrics = refreshed();
        db.allowConnections(false);
        try {
            metrics.refresh();
        } finally {
            db.allowConnections(true);
        }
        assertThat(gauge("streamflow.newest.published.as.of")).isEqualTo(RunLogMetrics.epochSeconds(LocalDate.parse("2024-01-31")));
        assertThat(runs("PUBLISHED")).isEqualTo(1);
    }

    private RunLogMetrics refreshed() {
        RunLogMetrics metrics = new RunLogMetrics(jdbc, registry, Executors.newSingleThreadScheduledExecutor());
        metrics.refresh();
        return metrics;
    }

    private void run(String month, String asOf, String status, Instant finished) {
        jdbc.update("INSERT INTO ingestion_runs (month, as_of, mode, status, started_at, finished_at) VALUES (?, ?::date,"
                + " 'service', ?, ?, ?)", month, asOf, status, Timestamp.from(finished.minusSeconds(60)), Timestamp.from(finished));
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double runs(String status) {
        return registry.get("streamflow.runs").tag("status", status).gauge().value();
    }
}
