package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.setField;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.ingest.dashboard.DashboardHeaders;
import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The month reports as people read them, on generated months through the ingest command: month_000 published,
 * month_001 published with its watch hours tripled (drift against month_000), month_002 refused for a hostile value in
 * users.csv; then the service's dashboard serving them, and a second database writing into the same reports folder.
 */
@ExtendWith(DatabaseExtension.class)
class MonthReportTest {

    private static final int USERS = 300;
    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final Pattern ZONED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path samples;
    @TempDir
    static Path work;

    private static TestDatabase db;
    private static DashboardService service;
    private static String base;

    @BeforeAll
    static void ingestThreeMonthsAndStartTheService(TestDatabase database) throws Exception {
        SampleMonths.write(samples, USERS, 3, 5L);
        Path shifted = copy(samples.resolve("month_001"), work.resolve("in/month_001"));
        for (int line = 2; line <= USERS + 1; line++) {
            Path usage = shifted.resolve("usage_agg_30d.csv");
            BigDecimal hours = new BigDecimal(CsvEdits.field(usage, line, "watch_hours_30d"));
            setField(usage, line, "watch_hours_30d", hours.multiply(BigDecimal.valueOf(3)).min(BigDecimal.valueOf(720))
                    .toPlainString());
        }
        Path hostile = copy(samples.resolve("month_002"), work.resolve("in/month_002"));
        setField(hostile.resolve("users.csv"), 5, "user_gender", HOSTILE);
        db = database;
        var result = ingest(db, work, samples.resolve("month_000"), shifted, hostile);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("month_001    2024-02-29  PUBLISHED", "month_002    2024-03-31  REJECTED");

        service = DashboardService.start(db, work);
        base = service.base();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aPublishedMonthsReportHasItsSummaryFirstAndItsDriftAgainstTheMonthBefore() throws Exception {
        String html = Files.readString(report(db, "month_001"));

        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "http://", "https://");
        assertThat(html).contains("month_001", "as_of 2024-02-29", ">PUBLISHED<",
                "Published: every blocking expectation passed", "<dt>duration</dt>", "<td>usage_agg_30d.csv</td>");
        assertThat(html.indexOf("id=\"summary\"")).isLessThan(html.indexOf("id=\"warnings\""));
        assertThat(html.indexOf("id=\"warnings\"")).isLessThan(html.indexOf("id=\"profile\""));
        assertThat(html.indexOf("id=\"profile\"")).isLessThan(html.indexOf("<details id=\"passed\">"));
        assertThat(html).doesNotContain("id=\"failed\"", "How to resubmit");
        // the tripled watch hours drift; the users, the same in both months, do not
        assertThat(rowOf(html, "watch_hours_30d")).contains("class=\"drift\"", ">drift<");
        assertThat(rowOf(html, "user_gender")).contains("0.000").doesNotContain(">drift<");
        assertThat(html).contains("drift: PSI against 2024-01-31 above 0.2");
        assertThat(ZONED.matcher(html).results().count()).isGreaterThanOrEqualTo(3);

        String first = Files.readString(report(db, "month_000"));
        assertThat(first).contains("No month was published before 2024-01-31").doesNotContain(">drift<");
    }

    @Test
    void theJsonBesideItHasTheProfileWithPsiAndZonedTimes() throws Exception {
        Path page = report(db, "month_001");
        JsonNode json = JSON.readTree(page.resolveSibling(page.getFileName().toString().replace(".html", ".json"))
                .toFile());

        assertThat(json.get("status").asText()).isEqualTo("PUBLISHED");
        for (String time : List.of("started_at", "finished_at", "written_at")) {
            assertThat(json.get(time).asText()).as(time).matches(ZONED);
        }
        assertThat(json.at("/profile/previous_as_of").asText()).isEqualTo("2024-01-31");
        assertThat(json.at("/profile/psi_warn").asDouble()).isEqualTo(0.2);
        JsonNode watch = column(json, "usage_agg_30d", "watch_hours_30d");
        assertThat(watch.get("kind").asText()).isEqualTo("NUMBER");
        assertThat(watch.get("psi").asDouble()).isGreaterThan(0.2);
        assertThat(watch.get("drift").asBoolean()).isTrue();
        assertThat(watch.at("/current/mean").decimalValue()).isGreaterThan(watch.at("/previous/mean").decimalValue());
        JsonNode gender = column(json, "users", "user_gender");
        assertThat(gender.get("psi").asDouble()).isZero();
        assertThat(gender.at("/current/top/0/value").asText()).isIn("Female", "Male");
        assertThat(column(json, "users", "user_id").get("psi").isNull()).isTrue();
        assertThat(json.get("drift_warnings").findValuesAsText("column")).contains("watch_hours_30d")
                .doesNotContain("user_gender");
    }

    @Test
    void aRefusedMonthsReportNamesWhatFailedAndHowToResubmitWithHostileValuesEscaped() throws Exception {
        String html = Files.readString(report(db, "month_002"));

        assertThat(html).contains(">REJECTED<", "Refused: ", "nothing was published", "id=\"failed\"",
                "<td>users.csv</td><td class=\"num\">5</td><td><code>user_gender</code></td>\n<td>in_set</td>"
                        + "<td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></td>");
        assertThat(html.indexOf("id=\"summary\"")).isLessThan(html.indexOf("id=\"failed\""));
        assertThat(html.indexOf("id=\"failed\"")).isLessThan(html.indexOf("id=\"resubmit\""));
        assertThat(html).contains("How to resubmit", "This run changed nothing", "Fix <code>users.csv</code>",
                "Drop the whole month folder <code>month_002</code> again",
                "cp -r month_002 " + work.resolve("inbox").toAbsolutePath() + "/",
                "<code>bin/streamflow ingest path/to/month_002</code>");
        assertThat(html).doesNotContain("<script");
        assertThat(Files.readString(report(db, "month_002").getParent().getParent().resolve("index.html")))
                .contains("&lt;script&gt;").doesNotContain("<script");
    }

    @Test
    void twoDatabasesWritingIntoOneReportsFolderKeepEachTheirOwnReports() throws Exception {
        try (TestDatabase other = TestDatabase.create()) {
            var result = ingest(other, work, samples.resolve("month_000"));
            assertThat(result.exitCode()).as(result.output()).isZero();

            Path mine = report(db, "month_000");
            Path theirs = report(other, "month_000");
            assertThat(runId(db, "month_000")).isEqualTo(runId(other, "month_000")).isEqualTo(1);
            assertThat(theirs).isNotEqualTo(mine).exists().hasFileName(mine.getFileName().toString());
            assertThat(mine).exists().content().contains(db.name());
            assertThat(theirs).content().contains(other.name());
            assertThat(theirs.getParent().getParent().resolve("index.html")).content().contains("month_000")
                    .doesNotContain("month_001");
            assertThat(mine.getParent().getParent().resolve("index.html")).content().contains("month_001");
            // the dashboard of one database serves that database's reports only
            assertThat(get("/reports/" + path(other, "month_000")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theDashboardServesReportsAsHtmlAndAPagePerMonthWithItsDrift() throws Exception {
        HttpResponse<String> page = get("/reports/" + path(db, "month_001"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardHeaders.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).isEqualTo(Files.readString(report(db, "month_001")));
        HttpResponse<String> json = get("/reports/" + path(db, "month_001").replace(".html", ".json"));
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");

        String dashboard = get("/").body();
        assertThat(dashboard).contains("<a href=\"months/2024-02-29\">2024-02-29</a>",
                "<a href=\"reports/" + path(db, "month_001") + "\">report</a>");

        HttpResponse<String> month = get("/months/2024-02-29");
        assertThat(month.statusCode()).isEqualTo(200);
        assertThat(month.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(month.headers().firstValue("Content-Security-Policy")).hasValue(DashboardHeaders.CONTENT_SECURITY_POLICY);
        assertThat(month.body()).contains("as_of 2024-02-29", ">PUBLISHED<", "href=\"../reports/" + path(db, "month_001"),
                "drift: PSI against 2024-01-31 above 0.2").doesNotContain("<script");
        assertThat(rowOf(month.body(), "watch_hours_30d")).contains(">drift<");
        // a refused month has runs, and no snapshots to profile
        assertThat(get("/months/2024-03-31").body()).contains(">REJECTED<", "No run published as_of 2024-03-31")
                .contains("&lt;script&gt;").doesNotContain("<script");
        for (String missing : List.of("/months/2024-05-31", "/months/2024-13-45", "/months/..%2F..%2Fetc",
                "/reports/" + path(db, "month_001").replace(".html", ".md"))) {
            assertThat(get(missing).statusCode()).as(missing).isEqualTo(404);
        }
    }

    /** The report page of the month's newest run. */
    private static Path report(TestDatabase database, String month) {
        return work.resolve("reports").resolve(path(database, month));
    }

    private static String path(TestDatabase database, String month) {
        return database.jdbc().queryForObject("SELECT report_path FROM ingestion_runs WHERE month = ? "
                + "ORDER BY run_id DESC LIMIT 1", String.class, month);
    }

    private static long runId(TestDatabase database, String month) {
        return database.jdbc().queryForObject("SELECT max(run_id) FROM ingestion_runs WHERE month = ?", Long.class, month);
    }

    private static JsonNode column(JsonNode report, String table, String column) {
        List<JsonNode> found = new ArrayList<>();
        report.at("/profile/tables").forEach(t -> t.get("columns").forEach(c -> {
            if (t.get("table").asText().equals(table) && c.get("column").asText().equals(column)) {
                found.add(c);
            }
        }));
        assertThat(found).as(table + "." + column).hasSize(1);
        return found.get(0);
    }

    /** The profile row of a column. */
    private static String rowOf(String html, String column) {
        var row = Pattern.compile("<tr class=\"[a-z]*\">\\s*<td><code>" + column + "</code></td>.*?</tr>", Pattern.DOTALL)
                .matcher(html);
        assertThat(row.find()).as("profile row of " + column).isTrue();
        return row.group();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
