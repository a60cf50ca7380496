package io.streamflow.ingest.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.dashboard.DashboardQueries.AsOfSummary;
import io.streamflow.ingest.dashboard.DashboardQueries.Run;
import org.junit.jupiter.api.Test;

/** The page as rendered from given query results, without a database. */
class DashboardPageTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T10:00:00Z"), ZoneOffset.UTC);
    private static final List<String> TABLES = List.of("users", "usage_agg_30d");

    private static DashboardPage page(List<Run> runs, List<AsOfSummary> months, Map<String, Long> byStatus) {
        return new DashboardPage(new DashboardQueries(null) {
            @Override
            public List<Run> runs(int limit) {
                return runs;
            }

            @Override
            public Map<String, Long> runsByStatus() {
                return byStatus;
            }

            @Override
            public List<AsOfSummary> summaries() {
                return months;
            }
        }, TABLES, CLOCK);
    }

    @Test
    void anEmptyStoreSaysSoInsteadOfDrawing() {
        String html = page(List.of(), List.of(), Map.of()).render();

        assertThat(html).contains("none yet", "No run yet").doesNotContain("<circle");
        assertThat(html.split("no published month yet", -1)).hasSize(5);
    }

    @Test
    void runsShowCountsDurationsReportsAndRefusals() {
        OffsetDateTime started = OffsetDateTime.parse("2024-03-05T09:00:00Z");
        Run published = new Run(1, "month_000", LocalDate.parse("2024-01-31"), "service", "PUBLISHED", started,
                started.plusSeconds(75), Map.of("users", Map.of("read", 10L, "staged", 10L),
                        "usage_agg_30d", Map.of("read", 10L, "staged", 9L)), null, "db-0123abcd/2024-01-31/run-1-month_000.html");
        Run rejected = new Run(2, "month_001", LocalDate.parse("2024-02-29"), "ingest", "REJECTED", started,
                started.plusNanos(1_500_000_000L), Map.of(), "usage_agg_30d.csv:17 watch_hours_30d -3.5 < 0", null);
        Run open = new Run(3, "2024-03", LocalDate.parse("2024-03-31"), "service", "STAGING",
                OffsetDateTime.now(CLOCK).minusMinutes(2), null, Map.of(), null, null);

        String html = page(List.of(open, rejected, published), List.of(),
                Map.of("PUBLISHED", 1L, "REJECTED", 1L, "STAGING", 1L)).render();

        assertThat(html).contains("<th class=\"num\" title=\"rows staged from usage_agg_30d\">usage</th>",
                ">10</td>", "class=\"num warn\"", ">9 / 10</td>", "1 min 15 s", "1.5 s", "running 2 min 00 s",
                "<a href=\"reports/db-0123abcd/2024-01-31/run-1-month_000.html\">report</a>",
                "href=\"reports/db-0123abcd/2024-01-31/run-1-month_000.json\"",
                "<a href=\"months/2024-01-31\">2024-01-31</a>", "<a href=\"months/2024-02-29\">2024-02-29</a>",
                "<span class=\"status rejected\">REJECTED</span>", "usage_agg_30d.csv:17 watch_hours_30d -3.5 &lt; 0",
                "2024-03-05 09:00:00", ">1 / 1<");
    }

    @Test
    void driftChartsHaveOnePointPerAsOfAndTheLatestValues() {
        List<AsOfSummary> months = List.of(
                new AsOfSummary(LocalDate.parse("2024-01-31"), 100, 100, new BigDecimal("0.25"),
                        new BigDecimal("30.5"), new BigDecimal("0.1"), new BigDecimal("1.5")),
                new AsOfSummary(LocalDate.parse("2024-02-29"), 100, 100, new BigDecimal("0.275"),
                        new BigDecimal("29.25"), new BigDecimal("0.12"), new BigDecimal("1.5")),
                new AsOfSummary(LocalDate.parse("2024-04-30"), 90, 90, null,
                        new BigDecimal("28"), new BigDecimal("0.2"), new BigDecimal("1.75")));

        String html = page(List.of(), months, Map.of()).render();

        assertThat(html).contains("27.5 % at 2024-02-29 (25.0 % at 2024-01-31)",
                "28.00 h at 2024-04-30 (29.25 h at 2024-02-29)", "<title>2024-04-30: 0.200</title>",
                ">2024-04<", ">90<");
        // churn rate has no value for the last month: three series of three points, one of two
        assertThat(html.split("<circle ", -1)).hasSize(3 * 3 + 2 + 1);
    }

    @Test
    void ticksAreRoundNumbers() {
        assertThat(LineChart.niceStep(0.013)).isEqualTo(0.02);
        assertThat(LineChart.niceStep(3)).isEqualTo(5);
        assertThat(LineChart.niceStep(7)).isEqualTo(10);
        assertThat(LineChart.niceStep(0.1)).isEqualTo(0.1);
        assertThat(DashboardPage.format(Duration.ofMillis(400))).isEqualTo("0.4 s");
        assertThat(DashboardPage.format(Duration.ofHours(2).plusMinutes(3))).isEqualTo("2 h 03 min");
    }
}
