package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamflow.ingest.observe.RunLogMetrics;
import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service as operations sees it: a month dropped into the inbox, then the management server on a
 * free port: health, route states and month progress over Jolokia (read-only), Prometheus metrics.
 */
@ExtendWith(DatabaseExtension.class)
class ObservabilityTest {

    private static final String CONTEXT = "streamflow-observe";
    private static final int USERS = 500;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private TestDatabase db;
    private JdbcTemplate jdbc;
    private RunningService service;
    private String base;

    @BeforeEach
    void start(TestDatabase database) throws Exception {
        db = database;
        jdbc = db.jdbc();
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        Map<String, String> properties = new HashMap<>(db.properties(work));
        properties.put("camel.main.name", CONTEXT);
        properties.put("camel.main.jmx-enabled", "true");
        properties.put("camel.management.enabled", "true");
        properties.put("camel.management.host", "127.0.0.1");
        properties.put("camel.management.port", String.valueOf(port));
        // the dashboard's server too, so that every route of the service runs
        properties.put("camel.server.enabled", "true");
        dashboardPort = freePort();
        properties.put("camel.server.port", String.valueOf(dashboardPort));
        service = RunningService.start(db, work, properties);
    }

    private int dashboardPort;

    @AfterEach
    void stop() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            db.allowConnections(true);
        }
    }

    @Test
    void publishedAndRefusedMonthsShowInHealthJolokiaAndMetrics() throws Exception {
        Path samples = work.resolve("samples");
        SampleMonths.write(samples, USERS, 2, 5);
        CsvEdits.setField(samples.resolve("month_001/usage_agg_30d.csv"), 17, "watch_hours_30d", "-3.5");
        assertThat(service.drop(samples.resolve("month_000")).status()).isEqualTo("PUBLISHED");

        HttpResponse<String> health = get("/observe/health?exposureLevel=full");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode checks = json.readTree(health.body());
        assertThat(checks.path("status").asText()).isEqualTo("UP");
        assertThat(checks.path("checks").findValuesAsText("name")).contains("database", "folders", "route:file-intake",
                "route:stage-file", "route:validate-month", "route:publish-month");

        // the dashboard answers on its own port beside the management server
        HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + dashboardPort + "/")).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("2024-01-31", "PUBLISHED");

        JsonNode routes = jolokia("/read/org.apache.camel:context=*,type=routes,name=*/State");
        assertThat(routes.path("status").asInt()).isEqualTo(200);
        List<String> states = routes.path("value").findValuesAsText("State");
        assertThat(states).hasSize(service.context().getRoutes().size()).hasSizeGreaterThanOrEqualTo(10)
                .containsOnly("Started");

        JsonNode progress = jolokia("/read/org.apache.camel:context=" + CONTEXT + ",type=services,name=MonthProgress")
                .path("value");
        assertThat(progress.path("Month").asText()).isEqualTo("month_000");
        assertThat(progress.path("AsOf").asText()).isEqualTo("2024-01-31");
        assertThat(progress.path("Stage").asText()).isEqualTo("PUBLISHED");
        assertThat(progress.path("RowsSoFar").asLong()).isEqualTo(6L * USERS);

        String metrics = get("/observe/metrics").body();
        assertThat(metrics).contains("streamflow_rows_ingested_total{table=\"users\"} " + USERS + ".0",
                "streamflow_rows_ingested_total{table=\"labels\"} " + USERS + ".0",
                "streamflow_months_total{status=\"PUBLISHED\"} 1.0",
                "streamflow_months_total{status=\"REJECTED\"} 0.0",
                "streamflow_stage_duration_seconds_count{stage=\"file\"} 6",
                "streamflow_stage_duration_seconds_count{stage=\"gate\"} 1",
                "streamflow_stage_duration_seconds_count{stage=\"publish\"} 1",
                "streamflow_stage_duration_seconds_count{stage=\"report\"} 1",
                "camel_exchanges_total");

        // the run log's gauges, read again as the month was decided
        String asOf = "streamflow_newest_published_as_of_seconds " + RunLogMetrics.epochSeconds(LocalDate.parse("2024-01-31"));
        assertThat(metrics).contains(asOf, "streamflow_runs{status=\"PUBLISHED\"} 1.0",
                "streamflow_runs{status=\"REJECTED\"} 0.0", "streamflow_oldest_open_run_age_seconds 0.0")
                .containsPattern("streamflow_last_publish_timestamp_seconds \\d\\.\\d+E9");
        // every series the shipped alert rules read is served
        Matcher named = Pattern.compile("streamflow_[a-z_]+").matcher(Files.readString(Path.of("docs/alerts.yml")));
        String served = get("/observe/metrics").body();
        while (named.find()) {
            assertThat(served).as("docs/alerts.yml reads " + named.group()).contains(named.group());
        }

        assertThat(service.drop(samples.resolve("month_001")).status()).isEqualTo("REJECTED");
        assertThat(get("/observe/metrics").body()).contains("streamflow_runs{status=\"REJECTED\"} 1.0")
                .as("the newest published as_of stays").contains(asOf);
        progress = jolokia("/read/org.apache.camel:context=" + CONTEXT + ",type=services,name=MonthProgress").path("value");
        assertThat(progress.path("Month").asText()).isEqualTo("month_001");
        assertThat(progress.path("Stage").asText()).isEqualTo("REJECTED");
        assertThat(progress.path("LastDecision").asText()).contains("month_001", "REJECTED");
        assertThat(get("/observe/metrics").body()).contains("streamflow_months_total{status=\"PUBLISHED\"} 1.0",
                "streamflow_months_total{status=\"REJECTED\"} 1.0",
                "streamflow_validation_failures_total{rule=\"min\",table=\"usage_agg_30d\"} 1.0",
                "streamflow_stage_duration_seconds_count{stage=\"gate\"} 2",
                "streamflow_stage_duration_seconds_count{stage=\"publish\"} 1");
        assertThat(get("/observe/health/ready").statusCode()).as("a refused month is no fault of the service")
                .isEqualTo(200);
    }

    @Test
    void jolokiaIsReadOnly() throws Exception {
        String route = "org.apache.camel:context=" + CONTEXT + ",type=routes,name=\"file-intake\"";
        JsonNode stop = jolokiaPost(Map.of("type", "exec", "mbean", route, "operation", "stop()"));
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(403);
        JsonNode write = jolokiaPost(Map.of("type", "write", "mbean", route, "attribute", "Description", "value", "x"));
        assertThat(write.path("status").asInt()).as(write.toString()).isEqualTo(403);
        JsonNode state = jolokiaPost(Map.of("type", "read", "mbean", route, "attribute", "State"));
        assertThat(state.path("value").asText()).isEqualTo("Started");
        assertThat(jolokia("/list?maxDepth=1").path("status").asInt()).isEqualTo(200);
        assertThat(jolokia("/version").path("status").asInt()).isEqualTo(200);
    }

    @Test
    void healthIsDownWhileTheDatabaseRefusesConnections() throws Exception {
        assertThat(awaitHealth(200)).as("UP once started").isEqualTo(200);

        db.allowConnections(false);
        HttpResponse<String> down = get("/observe/health?exposureLevel=full");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        JsonNode checks = json.readTree(down.body());
        assertThat(checks.path("status").asText()).isEqualTo("DOWN");
        for (JsonNode check : checks.path("checks")) {
            assertThat(check.path("status").asText()).as(check.toString())
                    .isEqualTo(check.path("name").asText().equals("database") ? "DOWN" : "UP");
        }
        assertThat(checks.path("checks").findValuesAsText("name")).contains("database");

        db.allowConnections(true);
        assertThat(awaitHealth(200)).as("UP again once the database is back").isEqualTo(200);
    }

    @Test
    void healthIsDownNamingAFolderTheServiceCannotWrite() throws Exception {
        assertThat(awaitHealth(200)).as("UP once started").isEqualTo(200);
        Path staged = work.resolve("staged");
        if (Files.isDirectory(staged)) {
            Files.delete(staged);
        }
        Files.writeString(staged, "a file where the staged folder should be");

        HttpResponse<String> down = get("/observe/health?exposureLevel=full&data=true");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        JsonNode folders = null;
        for (JsonNode check : json.readTree(down.body()).path("checks")) {
            if (check.path("name").asText().equals("folders")) {
                folders = check;
            }
        }
        assertThat(folders).as(down.body()).isNotNull();
        assertThat(folders.path("status").asText()).isEqualTo("DOWN");
        assertThat(folders.path("message").asText()).isEqualTo("not writable: staged");
        assertThat(folders.path("data").path("staged").asText()).isEqualTo(staged.toAbsolutePath() + ": not a folder");

        Files.delete(staged);
        assertThat(awaitHealth(200)).as("UP again once the folder can be created").isEqualTo(200);
    }


    /** The health page's status code once it is the expected one, or the last one after 20 s. */
    private int awaitHealth(int expected) throws Exception {
        Eventually.holds(Duration.ofSeconds(20), () -> get("/observe/health?exposureLevel=full").statusCode() == expected);
        return get("/observe/health?exposureLevel=full").statusCode();
    }



    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode jolokia(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/observe/jolokia" + path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode jolokiaPost(Map<String, Object> request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/observe/jolokia/"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
