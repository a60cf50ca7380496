package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two generated months ingested through the real routes, then the service started with its HTTP server:
 * the dashboard page and the report files it links to, and the analytic views of V5.
 */
@ExtendWith(DatabaseExtension.class)
class DashboardTest {

    private static final int USERS = 300;

    @TempDir
    static Path samples;
    @TempDir
    static Path work;

    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static DashboardService service;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void ingestTwoMonthsAndStartTheService(TestDatabase database) throws Exception {
        SampleMonths.write(samples, USERS, 2, 7L);
        db = database;
        jdbc = db.jdbc();
        var ingested = IngestTestSupport.ingest(db, work, month(0), month(1));
        assertThat(ingested.exitCode()).as(ingested.output()).isZero();

        service = DashboardService.start(db, work);
        base = service.base();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static Path month(int n) {
        return samples.resolve(String.format("month_%03d", n));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void thePageListsBothMonthsPublishedWithTheirReportsAndDriftCharts() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).startsWith("default-src 'none'"));
        String html = page.body();
        List<String> rows = rows(html);
        assertThat(rows).anySatisfy(row -> assertThat(row).contains("month_000", "2024-01-31", ">PUBLISHED<",
                "/2024-01-31/run-", "month_000.html\">report</a>", ">" + USERS + "<"));
        assertThat(rows).anySatisfy(row -> assertThat(row).contains("month_001", "2024-02-29", ">PUBLISHED<",
                "/2024-02-29/run-", "month_001.html\">report</a>", "<a href=\"months/2024-02-29\">"));
        for (String path : jdbc.queryForList("SELECT report_path FROM ingestion_runs WHERE report_path IS NOT NULL", String.class)) {
            assertThat(html).contains("href=\"reports/" + path + "\"");
        }
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(4);
        assertThat(count(html, "<circle ")).isEqualTo(8);
        assertThat(html).contains("Churn rate", "Mean watch hours (30 d)", "Mean failed payments (90 d)",
                "Mean support tickets (90 d)");
        assertThat(html).doesNotContain("<script", "http://", "https://");
    }

    @Test
    void theReportLinksServeTheRunReports() throws Exception {
        Map<String, Object> run = jdbc.queryForMap(
                "SELECT run_id, report_path FROM ingestion_runs WHERE month = 'month_000'");
        String path = (String) run.get("report_path");

        HttpResponse<String> page = get("/reports/" + path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("<h1>month_000 <span class=\"muted\">as_of 2024-01-31")
                .isEqualTo(Files.readString(work.resolve("reports").resolve(path)));
        // request headers are not echoed back
        assertThat(page.headers().firstValue("asOf")).isEmpty();
        assertThat(page.headers().firstValue("database")).isEmpty();

        HttpResponse<String> json = get("/reports/" + path.replace(".html", ".json"));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(json.body()).contains("\"status\" : \"PUBLISHED\"", "\"run_id\" : " + run.get("run_id"));
    }

    @Test
    void nothingOutsideTheReportsFolderIsServed() throws Exception {
        String database = jdbc.queryForObject("SELECT report_path FROM ingestion_runs WHERE month = 'month_000'",
                String.class).split("/")[0];
        Path reports = work.resolve("reports");
        Files.writeString(work.resolve("secret.html"), "secret");
        Files.createSymbolicLink(reports.resolve(database).resolve("2024-01-31/run-9-linked.html"),
                work.resolve("secret.html"));
        String mine = "/reports/" + database + "/2024-01-31/";

        for (String path : List.of(mine + "..%2F..%2F..%2Fsecret.html", mine + "%2E%2E%2Fsecret.html",
                "/reports/" + database + "/..%2F..%2Fsecret.html/x.html", mine + "run-9-linked.html",
                mine + "run-9-nope.html", mine + "index.txt", "/reports/" + database + "/index.html/x/y",
                mine + "../../../secret.html", mine + ".hidden.html", mine + "REPORT.html",
                "/reports/other-0123abcd/2024-01-31/run-1-month_000.html", "/reports/2024-01-31/run-1-month_000.html",
                "/secret.html", "/nothing-here")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("secret");
        }
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void valuesFromTheDatabaseAreEscaped() throws Exception {
        jdbc.update("INSERT INTO ingestion_runs (month, as_of, mode, status, finished_at, error_summary) "
                + "VALUES ('<script>alert(1)</script>', '2024-03-31', 'service', 'REJECTED', now(), "
                + "'bad \"value\" <img src=x onerror=alert(2)> & more')");

        String html = get("/").body();

        assertThat(html).doesNotContain("<script>alert(1)", "<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;",
                        "bad &quot;value&quot; &lt;img src=x onerror=alert(2)&gt; &amp; more", ">REJECTED<");
    }

    @Test
    void latestUserFeaturesHoldsEveryUserAtTheNewestMonthWithTheLabel() throws Exception {
        assertThat(jdbc.queryForList("SELECT as_of::text || ' ' || in_newest_month FROM latest_user_features GROUP BY 1",
                String.class)).containsExactly("2024-02-29 true");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM latest_user_features", Long.class)).isEqualTo(USERS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM latest_user_features WHERE churn_label IS NOT NULL "
                + "AND months_active IS NOT NULL AND watch_hours_30d IS NOT NULL AND failed_payments_90d IS NOT NULL "
                + "AND support_tickets_90d IS NOT NULL", Long.class)).isEqualTo(USERS);
        Path usage = month(1).resolve("usage_agg_30d.csv");
        String user = CsvEdits.field(usage, 5, "user_id");
        assertThat(jdbc.queryForObject("SELECT watch_hours_30d::text FROM latest_user_features WHERE user_id = ?",
                String.class, user)).isEqualTo(CsvEdits.field(usage, 5, "watch_hours_30d"));
        assertThat(jdbc.queryForObject("SELECT churn_label::text FROM latest_user_features WHERE user_id = ?",
                String.class, user)).isEqualTo(label(month(1), user));
    }

    @Test
    void theSummaryViewHasOneRowPerAsOfWithTheMeansOfThatMonth() throws Exception {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT as_of::text AS as_of, users, labelled_users, "
                + "users_with_usage, users_with_payments, users_with_support, churn_rate, mean_watch_hours_30d, "
                + "mean_failed_payments_90d, mean_support_tickets_90d FROM snapshot_summary_by_as_of ORDER BY as_of");

        assertThat(rows).extracting(r -> r.get("as_of")).containsExactly("2024-01-31", "2024-02-29");
        for (int m = 0; m < 2; m++) {
            Map<String, Object> row = rows.get(m);
            for (String count : List.of("users", "labelled_users", "users_with_usage", "users_with_payments",
                    "users_with_support")) {
                assertThat(((Number) row.get(count)).longValue()).as(count).isEqualTo(USERS);
            }
            assertThat(scaled(row.get("mean_watch_hours_30d"))).isEqualTo(mean(month(m), "usage_agg_30d.csv", "watch_hours_30d"));
            assertThat(scaled(row.get("mean_failed_payments_90d")))
                    .isEqualTo(mean(month(m), "payments_agg_90d.csv", "failed_payments_90d"));
            assertThat(scaled(row.get("mean_support_tickets_90d")))
                    .isEqualTo(mean(month(m), "support_agg_90d.csv", "support_tickets_90d"));
            // each month's churn rate comes from that month's own labels (labels_snapshots)
            long churned = Files.readAllLines(month(m).resolve("labels.csv")).stream().skip(1)
                    .filter(l -> l.endsWith(",True")).count();
            assertThat(scaled(row.get("churn_rate"))).isEqualTo(
                    BigDecimal.valueOf(churned).divide(BigDecimal.valueOf(USERS), 6, RoundingMode.HALF_UP));
        }
    }

    @Test
    void thePointInTimeTrainingQueryOfTheDocsReadsTheMonthAsItWas() throws Exception {
        List<Map<String, Object>> training = jdbc.queryForList(pointInTimeQuery(), "2024-01-31");

        assertThat(training).hasSize(USERS);
        Path usage0 = month(0).resolve("usage_agg_30d.csv");
        String user = CsvEdits.field(usage0, 7, "user_id");
        Map<String, Object> row = training.stream().filter(r -> user.equals(r.get("user_id"))).findFirst().orElseThrow();
        assertThat(row.get("watch_hours_30d").toString()).isEqualTo(CsvEdits.field(usage0, 7, "watch_hours_30d"));
        assertThat(row.get("as_of").toString()).isEqualTo("2024-01-31");
        assertThat(row.get("churn_label")).isNotNull();
    }

    /** The training query of docs/views.md, with its date as the one parameter. */
    private static String pointInTimeQuery() throws Exception {
        String doc = Files.readString(Path.of("docs/views.md"));
        Matcher sql = Pattern.compile("<!-- point-in-time -->\\s*```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(sql.find()).as("docs/views.md has the point-in-time query").isTrue();
        return sql.group(1).replace("DATE '2024-01-31'", "CAST(? AS DATE)").replaceAll(";\\s*$", "");
    }

    private static BigDecimal scaled(Object value) {
        return new BigDecimal(value.toString()).setScale(6, RoundingMode.HALF_UP);
    }

    private static BigDecimal mean(Path month, String file, String column) throws Exception {
        List<String> lines = Files.readAllLines(month.resolve(file));
        int index = List.of(lines.get(0).split(",")).indexOf(column);
        BigDecimal sum = BigDecimal.ZERO;
        for (String line : lines.subList(1, lines.size())) {
            sum = sum.add(new BigDecimal(line.split(",", -1)[index]));
        }
        return sum.divide(BigDecimal.valueOf(lines.size() - 1), 6, RoundingMode.HALF_UP);
    }

    private static String label(Path month, String user) throws Exception {
        return Files.readAllLines(month.resolve("labels.csv")).stream().filter(l -> l.startsWith(user + ","))
                .map(l -> l.substring(l.indexOf(',') + 1).toLowerCase()).findFirst().orElseThrow();
    }

    private static List<String> rows(String html) {
        return Pattern.compile("<tr class=\"run\">.*?</tr>", Pattern.DOTALL).matcher(html).results()
                .map(m -> m.group()).toList();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
