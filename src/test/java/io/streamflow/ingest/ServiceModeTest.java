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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.streamflow.ingest.finish.RunFinisher;
import io.streamflow.ingest.seed.SampleMonths;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The service watching its inbox: files arriving one by one, in any order, then moved out of the way. */
@ExtendWith(DatabaseExtension.class)
class ServiceModeTest {

    @TempDir
    Path work;

    private TestDatabase db;
    private JdbcTemplate jdbc;
    private RunningService service;

    @BeforeEach
    void database(TestDatabase database) {
        db = database;
        jdbc = db.jdbc();
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
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
        service = RunningService.start(db, work, Map.of());
        Path inbox = Files.createDirectories(work.resolve("inbox/month_000"));
        var decision = service.nextDecision("month_000");
        NotifyBuilder archived = service.routeDone("month-archive", 6);

        List<String> files = new ArrayList<>(List.of("labels.csv", "payments_agg_90d.csv", "subscriptions.csv",
                "support_agg_90d.csv", "usage_agg_30d.csv"));
        Collections.shuffle(files, new Random(11));
        files.add("users.csv");
        for (String file : files) {
            NotifyBuilder staged = service.routeDone("file-intake", 1);
            // written under a dot name, then renamed: what a careful copy does; the consumer ignores dot files
            Path partial = inbox.resolve("." + file);
            Files.copy(samples.resolve("month_000").resolve(file), partial);
            Files.move(partial, inbox.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            assertThat(staged.matches(30, TimeUnit.SECONDS)).as(file + " staged").isTrue();
            if (!file.equals("users.csv")) {
                assertThat(service.status("month_000")).as("a month is not decided before its sixth file").isEqualTo("STAGING");
            }
        }

        assertThat(decision.status()).isEqualTo("PUBLISHED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM support_agg_90d_snapshots WHERE as_of = '2024-01-31'",
                Long.class)).isEqualTo(400);
        // the staged files move to the archive once the month is decided; the inbox is left empty
        assertThat(archived.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(countFiles(work.resolve("archive"))).isEqualTo(6);
        assertThat(countFiles(work.resolve("inbox"))).isZero();
        assertThat(IngestTestSupport.reportIndex(work.resolve("reports"), jdbc)).content().contains("month_000", "PUBLISHED");
    }

    @Test
    void aMonthMissingAFileBecomesIncompleteAfterTheTimeoutAndChangesNothing() throws Exception {
        Path samples = work.resolve("samples");
        SampleMonths.write(samples, 200, 1, 7);
        service = RunningService.start(db, work, Map.of("streamflow.month-timeout-ms", "3000",
                "streamflow.recovery-interval-ms", "500"));
        var decision = service.nextDecision("month_000");
        NotifyBuilder moved = service.routeDone("month-archive", 3);
        Path inbox = Files.createDirectories(work.resolve("inbox/month_000"));
        for (String file : List.of("users.csv", "subscriptions.csv", "labels.csv")) {
            Files.copy(samples.resolve("month_000").resolve(file), inbox.resolve(file));
        }

        assertThat(decision.status()).isEqualTo("INCOMPLETE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT error_summary FROM ingestion_runs WHERE month = 'month_000'", String.class))
                .contains("usage_agg_30d", "payments_agg_90d", "support_agg_90d");
        assertThat(moved.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(countFiles(work.resolve("failed"))).as("the three files and the report").isGreaterThanOrEqualTo(4);
        long run = jdbc.queryForObject("SELECT run_id FROM ingestion_runs WHERE month = 'month_000'", Long.class);
        assertThat(work.resolve("failed/month_000-run" + run + "/" + RunFinisher.REFUSED_REPORT)).content()
                .contains(">INCOMPLETE<", "How to resubmit");

        // the complete folder dropped again is a new run, and it is published
        assertThat(service.drop(samples.resolve("month_000")).status()).isEqualTo("PUBLISHED");
        assertThat(jdbc.queryForList("SELECT status FROM ingestion_runs ORDER BY run_id", String.class))
                .containsExactly("INCOMPLETE", "PUBLISHED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(200);
    }

    @Test
    void aMonthRetractedBesideTheRunningServiceIsPublishedAgainWhenDroppedAgain() throws Exception {
        Path samples = work.resolve("samples");
        SampleMonths.write(samples, 200, 2, 5);
        service = RunningService.start(db, work, Map.of());
        assertThat(service.drop(samples.resolve("month_000")).status()).isEqualTo("PUBLISHED");
        assertThat(service.drop(samples.resolve("month_001")).status()).isEqualTo("PUBLISHED");

        assertThat(HistoryCommands.retract(new String[] {"2024-02-29"}, db.properties(work), System.out)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_agg_30d_snapshots WHERE as_of = '2024-02-29'",
                Long.class)).isZero();

        assertThat(service.drop(samples.resolve("month_001")).status()).isEqualTo("PUBLISHED");
        assertThat(jdbc.queryForList("SELECT status FROM ingestion_runs WHERE month = 'month_001' ORDER BY run_id",
                String.class)).containsExactly("RETRACTED", "PUBLISHED");
        assertThat(db.historyMismatches()).isEmpty();
    }
}
