package io.streamflow.ingest;

import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.streamflow.ingest.dashboard.DashboardPage;
import io.streamflow.ingest.dashboard.DashboardQueries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The acceptance figures on the two original exports (7043 users). They are not part of the repository:
 * the test reads them from STREAMFLOW_REFERENCE_MONTHS, or ../shared/reference-months, and is skipped
 * when neither exists.
 */
@ExtendWith(DatabaseExtension.class)
class ReferenceMonthsTest {

    @TempDir
    Path work;

    private static Path referenceMonths() {
        String configured = System.getenv("STREAMFLOW_REFERENCE_MONTHS");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../shared/reference-months");
    }

    @Test
    void theOriginalMonthsGiveTheOriginalFigures(TestDatabase db) throws Exception {
        Path months = referenceMonths();
        assumeTrue(Files.isDirectory(months.resolve("month_000")) && Files.isDirectory(months.resolve("month_001")),
                "reference months not found at " + months.toAbsolutePath() + " (set STREAMFLOW_REFERENCE_MONTHS)");
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

        // full history: every table, each month its own labels
        for (String table : List.of("users_snapshots", "labels_snapshots")) {
            assertThat(jdbc.queryForList("SELECT count(*) FROM " + table + " GROUP BY as_of ORDER BY as_of", Long.class))
                    .as(table).containsExactly(7043L, 7043L);
        }
        assertThat(jdbc.queryForList("SELECT count(*) FILTER (WHERE churn_label) FROM labels_snapshots GROUP BY as_of "
                + "ORDER BY as_of", Long.class)).containsExactly(1869L, 1701L);
        assertThat(db.historyMismatches()).isEmpty();
        List<String> january = trainingSet(db, "2024-01-31");
        assertThat(january).hasSize(7044);
        int churn = List.of(january.get(0).split(",")).indexOf("churn_label");
        int watch = List.of(january.get(0).split(",")).indexOf("watch_hours_30d");
        assertThat(january.stream().skip(1).filter(l -> l.split(",", -1)[churn].equals("True")).count()).isEqualTo(1869);
        assertThat(january.stream().skip(1).map(l -> new BigDecimal(l.split(",", -1)[watch]))
                .reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString()).isEqualTo("208658.722145378740286");
        List<String> february = trainingSet(db, "2024-02-29");
        assertThat(february.stream().skip(1).filter(l -> l.split(",", -1)[churn].equals("True")).count()).isEqualTo(1701);
        String dashboard = new DashboardPage(new DashboardQueries(jdbc), List.of("users"), Clock.systemUTC()).render();
        assertThat(dashboard).contains("26.5 %", "24.2 %");

        String before = db.contentFingerprint();
        var again = ingest(db, work, months.resolve("month_000"), months.resolve("month_001"));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("ALREADY_PUBLISHED");
        assertThat(db.contentFingerprint()).isEqualTo(before);

        // taken back: the tables as after month_000 alone; then published again as in a clean run
        String clean = db.valueFingerprint();
        assertThat(HistoryCommands.retract(new String[] {"2024-02-29"}, db.properties(work), System.out)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM labels WHERE churn_label", Long.class)).isEqualTo(1869);
        assertThat(db.historyMismatches()).isEmpty();
        assertThat(ingest(db, work, months.resolve("month_001")).exitCode()).isZero();
        assertThat(db.valueFingerprint()).isEqualTo(clean);
    }

    @Test
    void threeHundredUsersAbsentFromTheSecondMonthKeepTheirJanuaryRows(TestDatabase db) throws Exception {
        Path months = referenceMonths();
        assumeTrue(Files.isDirectory(months.resolve("month_001")), "reference months not found at " + months.toAbsolutePath());
        Path next = CsvEdits.copy(months.resolve("month_001"), work.resolve("in/month_001"));
        List<String> users = Files.readAllLines(next.resolve("users.csv"));
        java.util.Set<String> gone = users.stream().skip(1).limit(300).map(l -> l.split(",")[0])
                .collect(java.util.stream.Collectors.toSet());
        for (Path file : Files.list(next).toList()) {
            List<String> lines = Files.readAllLines(file);
            Files.write(file, lines.stream().filter(l -> !gone.contains(l.split(",")[0])).toList());
        }
        var result = ingest(db, work, months.resolve("month_000"), next);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(db.jdbc().queryForObject("SELECT error_summary IS NULL FROM ingestion_runs WHERE month = 'month_001'",
                Boolean.class)).isTrue();
        String report = Files.readString(work.resolve("reports").resolve(db.jdbc().queryForObject(
                "SELECT report_path FROM ingestion_runs WHERE month = 'month_001'", String.class)));
        assertThat(report).contains("id=\"warnings\"", "users.user_id.users_dropped");
        assertThat(db.historyMismatches()).isEmpty();
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM latest_user_features WHERE NOT in_newest_month "
                + "AND as_of = '2024-01-31'", Long.class)).isEqualTo(300);
        assertThat(trainingSet(db, "2024-02-29")).hasSize(6743 + 1);
    }

    private List<String> trainingSet(TestDatabase db, String asOf) throws Exception {
        Path out = Files.createTempFile(work, "training", ".csv");
        assertThat(HistoryCommands.trainingSet(new String[] {"--as-of", asOf, "--out", out.toString()}, db.properties(work),
                System.out)).isZero();
        return Files.readAllLines(out);
    }
}
