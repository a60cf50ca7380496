package io.streamflow.ingest;

import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The acceptance figures on the two original exports (7043 users). They are not part of the repository:
 * the test reads them from STREAMFLOW_REFERENCE_MONTHS, or ../shared/reference-months, and is skipped
 * when neither exists.
 */
class ReferenceMonthsTest {

    @TempDir
    Path work;

    private static Path referenceMonths() {
        String configured = System.getenv("STREAMFLOW_REFERENCE_MONTHS");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../shared/reference-months");
    }

    @Test
    void theOriginalMonthsGiveTheOriginalFigures() throws Exception {
        Path months = referenceMonths();
        assumeTrue(Files.isDirectory(months.resolve("month_000")) && Files.isDirectory(months.resolve("month_001")),
                "reference months not found at " + months.toAbsolutePath() + " (set STREAMFLOW_REFERENCE_MONTHS)");
        try (TestDatabase db = TestDatabase.create()) {
            JdbcTemplate jdbc = db.jdbc();
            var result = ingest(db, work, months.resolve("month_000"), months.resolve("month_001"));
            assertThat(result.exitCode()).as(result.output()).isZero();

            for (String table : List.of("users", "subscriptions", "usage_agg_30d", "payments_agg_90d", "support_agg_90d",
                    "labels")) {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class)).as(table).isEqualTo(7043);
            }
            for (String table : List.of("subscriptions_profile_snapshots", "usage_agg_30d_snapshots",
                    "payments_agg_90d_snapshots", "support_agg_90d_snapshots")) {
                assertThat(jdbc.queryForList("SELECT count(*) FROM " + table + " GROUP BY as_of ORDER BY as_of", Long.class))
                        .as(table).containsExactly(7043L, 7043L);
                assertThat(jdbc.queryForList("SELECT DISTINCT as_of::text FROM " + table + " ORDER BY 1", String.class))
                        .containsExactly("2024-01-31", "2024-02-29");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM labels WHERE churn_label", Long.class)).isEqualTo(1701);
            assertThat(jdbc.queryForObject("SELECT sum(watch_hours_30d) FROM usage_agg_30d_snapshots "
                    + "WHERE as_of = '2024-01-31'", BigDecimal.class)).isEqualByComparingTo("208658.722145378740286");
            assertThat(jdbc.queryForObject("SELECT sum(watch_hours_30d)::text FROM usage_agg_30d_snapshots "
                    + "WHERE as_of = '2024-01-31'", String.class)).isEqualTo("208658.722145378740286");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM subscriptions WHERE plan_stream_tv IS NULL", Long.class))
                    .isEqualTo(1526);

            String before = db.contentFingerprint();
            var again = ingest(db, work, months.resolve("month_000"), months.resolve("month_001"));
            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(again.output()).contains("ALREADY_PUBLISHED");
            assertThat(db.contentFingerprint()).isEqualTo(before);
        }
    }
}
