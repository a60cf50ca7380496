package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.streamflow.ingest.finish.RunFinisher;
import io.streamflow.ingest.seed.SampleMonths;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The service watching its inbox: files arriving one by one, in any order, then moved out of the way. */
class ServiceModeTest {

    @TempDir
    Path work;

    private TestDatabase db;
    private JdbcTemplate jdbc;
    private Main service;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        jdbc = db.jdbc();
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop();
        }
        db.close();
    }

    private void startService(Map<String, String> extra) throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(db.properties(work));
        properties.putAll(extra);
        service = Streamflow.application(false, properties);
        service.start();
    }

    private String status(String month) {
        List<String> statuses = jdbc.queryForList("SELECT status FROM ingestion_runs WHERE month = ? ORDER BY run_id DESC",
                String.class, month);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    private String awaitDecision(String month, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            String status = status(month);
            if (status != null && !List.of("STAGING", "VALIDATING", "PUBLISHING").contains(status)) {
                return status;
            }
            Thread.sleep(200);
        }
        return status(month);
    }

    private static long countFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void filesArrivingOneByOneInAnyOrderArePublishedOnceTheMonthIsComplete() throws Exception {
        Path samples = work.resolve("samples");
        SampleMonths.write(samples, 400, 1, 7);
        startService(Map.of());
        Path inbox = Files.createDirectories(work.resolve("inbox/month_000"));

        List<String> files = new ArrayList<>(List.of("labels.csv", "payments_agg_90d.csv", "subscriptions.csv",
                "support_agg_90d.csv", "usage_agg_30d.csv"));
        Collections.shuffle(files, new Random(11));
        files.add("users.csv");
        long lastDropped = 0;
        for (String file : files) {
            // written under a dot name, then renamed: what a careful copy does; the consumer ignores dot files
            Path partial = inbox.resolve("." + file);
            Files.copy(samples.resolve("month_000").resolve(file), partial);
            Files.move(partial, inbox.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            lastDropped = System.currentTimeMillis();
            if (!file.equals("users.csv")) {
                assertThat(status("month_000")).isIn(null, "STAGING");
            }
            Thread.sleep(300);
        }

        assertThat(awaitDecision("month_000", 30_000)).isEqualTo("PUBLISHED");
        long latency = System.currentTimeMillis() - lastDropped;
        assertThat(latency).as("published within 30 s of the last file").isLessThan(30_000);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM support_agg_90d_snapshots WHERE as_of = '2024-01-31'",
                Long.class)).isEqualTo(400);
        // the staged files move to the archive once the month is decided; the inbox is left empty
        long deadline = System.currentTimeMillis() + 15_000;
        while (countFiles(work.resolve("archive")) < 6 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(countFiles(work.resolve("archive"))).isEqualTo(6);
        assertThat(countFiles(work.resolve("inbox"))).isZero();
        assertThat(IngestTestSupport.reportIndex(work.resolve("reports"), jdbc)).content().contains("month_000", "PUBLISHED");
    }

    @Test
    void aMonthMissingAFileBecomesIncompleteAfterTheTimeoutAndChangesNothing() throws Exception {
        Path samples = work.resolve("samples");
        SampleMonths.write(samples, 200, 1, 7);
        startService(Map.of("streamflow.month-timeout-ms", "6000", "streamflow.recovery-interval-ms", "500"));
        Path inbox = Files.createDirectories(work.resolve("inbox/month_000"));
        for (String file : List.of("users.csv", "subscriptions.csv", "labels.csv")) {
            Files.copy(samples.resolve("month_000").resolve(file), inbox.resolve(file));
        }

        assertThat(awaitDecision("month_000", 30_000)).isEqualTo("INCOMPLETE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT error_summary FROM ingestion_runs WHERE month = 'month_000'", String.class))
                .contains("usage_agg_30d", "payments_agg_90d", "support_agg_90d");
        long deadline = System.currentTimeMillis() + 15_000;
        while (countFiles(work.resolve("failed")) < 4 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(countFiles(work.resolve("failed"))).as("the three files and the report").isGreaterThanOrEqualTo(4);
        long run = jdbc.queryForObject("SELECT run_id FROM ingestion_runs WHERE month = 'month_000'", Long.class);
        assertThat(work.resolve("failed/month_000-run" + run + "/" + RunFinisher.REFUSED_REPORT)).content()
                .contains(">INCOMPLETE<", "How to resubmit");

        // the complete folder dropped again is a new run, and it is published
        Path again = Files.createDirectories(work.resolve("inbox/month_000"));
        try (Stream<Path> files = Files.list(samples.resolve("month_000"))) {
            for (Path file : files.toList()) {
                Files.copy(file, again.resolve(file.getFileName()));
            }
        }
        long until = System.currentTimeMillis() + 30_000;
        while (jdbc.queryForObject("SELECT count(*) FROM ingestion_runs", Long.class) < 2
                && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        assertThat(awaitDecision("month_000", 30_000)).isEqualTo("PUBLISHED");
        assertThat(jdbc.queryForList("SELECT status FROM ingestion_runs ORDER BY run_id", String.class))
                .containsExactly("INCOMPLETE", "PUBLISHED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(200);
    }

    @Test
    void aMonthRetractedBesideTheRunningServiceIsPublishedAgainWhenDroppedAgain() throws Exception {
        Path samples = work.resolve("samples");
        SampleMonths.write(samples, 200, 2, 5);
        startService(Map.of());
        drop(samples.resolve("month_000"));
        assertThat(awaitDecision("month_000", 30_000)).isEqualTo("PUBLISHED");
        drop(samples.resolve("month_001"));
        assertThat(awaitDecision("month_001", 30_000)).isEqualTo("PUBLISHED");

        assertThat(HistoryCommands.retract(new String[] {"2024-02-29"}, db.properties(work), System.out)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_agg_30d_snapshots WHERE as_of = '2024-02-29'",
                Long.class)).isZero();

        drop(samples.resolve("month_001"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (jdbc.queryForObject("SELECT count(*) FROM ingestion_runs WHERE month = 'month_001'", Long.class) < 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(awaitDecision("month_001", 30_000)).isEqualTo("PUBLISHED");
        assertThat(jdbc.queryForList("SELECT status FROM ingestion_runs WHERE month = 'month_001' ORDER BY run_id",
                String.class)).containsExactly("RETRACTED", "PUBLISHED");
        assertThat(db.historyMismatches()).isEmpty();
    }

    /** Copies a month folder into the inbox under a dot name, then renames it: what a careful copy does. */
    private void drop(Path month) throws Exception {
        Path hidden = work.resolve("inbox/." + month.getFileName());
        Files.createDirectories(hidden);
        try (Stream<Path> files = Files.list(month)) {
            for (Path file : files.toList()) {
                Files.copy(file, hidden.resolve(file.getFileName()));
            }
        }
        Files.move(hidden, work.resolve("inbox").resolve(month.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }
}
