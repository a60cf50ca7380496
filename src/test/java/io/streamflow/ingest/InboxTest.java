package io.streamflow.ingest;

import static io.streamflow.ingest.IngestTestSupport.copy;
import static io.streamflow.ingest.IngestTestSupport.setField;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.streamflow.ingest.seed.SampleMonths;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's inbox against hostile and unlucky drops: junk is moved out and never delays a month, files that are
 * empty, broken or still being written never hold the consumer nor publish a month short, a month dropped twice is
 * one run, a producer's _SUCCESS marker lets a month in at once, and a consumer that stops polling shows in health.
 */
class InboxTest {

    private static final int USERS = 200;

    @TempDir
    static Path samples;
    @TempDir
    Path work;

    private TestDatabase db;
    private RunningService service;

    @BeforeAll
    static void generate() throws Exception {
        SampleMonths.write(samples, USERS, 3, 23);
    }

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.create();
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        db.close();
    }

    private Path month(int n) {
        return samples.resolve(String.format("month_%03d", n));
    }

    @Test
    void junkIsMovedOutAndNeverDelaysAMonth() throws Exception {
        service = RunningService.start(db, work, Map.of());
        Path inbox = Files.createDirectories(service.inbox());
        for (int i = 0; i < 2000; i++) {
            Files.writeString(inbox.resolve("junk-" + i + ".txt"), "junk " + i);
        }
        Files.createDirectories(inbox.resolve("notes")).resolve("readme.md").toFile().createNewFile();
        Path secret = Files.writeString(work.resolve("secret.csv"), "user_id,churn_label\nroot:x:0:0,True\n");
        Files.createSymbolicLink(inbox.resolve("link.csv"), secret);
        Path odd = copy(month(1), inbox.resolve("month_9999"));
        new ProcessBuilder("mkfifo", inbox.resolve("pipe").toString()).start().waitFor();

        service.drop(month(0));
        Path nested = Files.createDirectories(inbox.resolve("month_000/nested"));
        Files.writeString(nested.resolve("users.csv"), "user_id\n");

        assertThat(service.awaitDecision("month_000", 60_000)).isEqualTo("PUBLISHED");
        Path unrecognised = work.resolve("failed/unrecognised");
        long deadline = System.currentTimeMillis() + 30_000;
        while (entries(inbox) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200); // the sweep moves settled entries at every poll; no route event marks its end
        }
        assertThat(entries(inbox)).as("nothing but folders left in the inbox").isZero();
        assertThat(entries(unrecognised)).isEqualTo(2000 + 1 + 1 + 6 + 1 + 1);
        assertThat(Files.isSymbolicLink(unrecognised.resolve("link.csv"))).isTrue();
        assertThat(Files.readString(secret)).as("the link's target untouched").startsWith("user_id");
        assertThat(entries(odd)).as("the folder that is no month emptied").isZero();
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM ingestion_runs", Long.class)).isEqualTo(1);
    }

    @Test
    void emptyOrBrokenFilesNeverHoldTheConsumer() throws Exception {
        service = RunningService.start(db, work, Map.of());
        Path empty = copy(month(0), work.resolve("in/month_000"));
        Files.write(empty.resolve("labels.csv"), new byte[0]);
        Path nul = copy(month(1), work.resolve("in/month_001"));
        setField(nul.resolve("users.csv"), 5, "user_id", "0042-\0NUL");

        service.drop(empty);
        service.drop(nul);
        service.drop(month(2));

        assertThat(service.awaitDecision("month_000", 60_000)).isEqualTo("REJECTED");
        assertThat(service.awaitDecision("month_001", 60_000)).isEqualTo("REJECTED");
        assertThat(service.awaitDecision("month_002", 60_000)).isEqualTo("PUBLISHED");
        assertThat(db.jdbc().queryForObject("SELECT error_summary FROM ingestion_runs WHERE month = 'month_001'",
                String.class)).contains("users.csv:5", "encoding");
    }

    @Test
    void aFileStillBeingWrittenIsNeverPublishedShort() throws Exception {
        service = RunningService.start(db, work, Map.of());
        Path folder = Files.createDirectories(service.inbox().resolve("month_000"));
        List<String> labels = Files.readAllLines(month(0).resolve("labels.csv"));
        // the slow writer keeps its file open: what it writes after the file was taken lands in the moved file
        try (OutputStream writer = Files.newOutputStream(folder.resolve("labels.csv"))) {
            writer.write((String.join("\n", labels.subList(0, USERS / 2)) + "\n").getBytes(StandardCharsets.UTF_8));
            writer.flush();
            for (String file : List.of("users.csv", "subscriptions.csv", "usage_agg_30d.csv", "payments_agg_90d.csv",
                    "support_agg_90d.csv")) {
                Files.copy(month(0).resolve(file), folder.resolve(file));
            }
            assertThat(service.awaitDecision("month_000", 60_000)).isEqualTo("REJECTED");
            writer.write((String.join("\n", labels.subList(USERS / 2, labels.size())) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(db.jdbc().queryForObject("SELECT error_summary FROM ingestion_runs WHERE month = 'month_000'",
                String.class)).contains("labels", "coverage");
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM labels", Long.class)).isZero();
    }

    @Test
    void aMonthWithASuccessMarkerIsTakenAtOnceAndOneWithoutStillIsOnceItSettled() throws Exception {
        // files must stay unchanged for an hour before they are taken, unless their folder holds _SUCCESS
        service = RunningService.start(db, work, Map.of("streamflow.settle-ms", "3600000"));
        Path marked = copy(month(0), work.resolve("in/month_000"));
        Files.createFile(marked.resolve("_SUCCESS"));
        service.drop(marked);
        service.drop(month(1));

        assertThat(service.awaitDecision("month_000", 60_000)).isEqualTo("PUBLISHED");
        assertThat(service.status("month_001")).as("no marker, not settled: not taken").isNull();
        try (Stream<Path> files = Files.list(service.inbox().resolve("month_001"))) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(7200)));
            }
        }
        assertThat(service.awaitDecision("month_001", 60_000)).isEqualTo("PUBLISHED");
        assertThat(work.resolve("archive/month_000-run1/_SUCCESS")).exists();
        assertThat(service.inbox().resolve("month_000/_SUCCESS")).doesNotExist();
    }

    @Test
    void theSameMonthDroppedTwiceIsOneRun() throws Exception {
        service = RunningService.start(db, work, Map.of());
        Path folder = Files.createDirectories(service.inbox().resolve("month_000"));
        for (int copyNo = 0; copyNo < 2; copyNo++) {
            try (Stream<Path> files = Files.list(month(0))) {
                for (Path file : files.toList()) {
                    Files.copy(file, folder.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Thread.sleep(700); // the second copy lands while the first is being taken or decided
        }
        assertThat(service.awaitDecision("month_000", 60_000)).isEqualTo("PUBLISHED");
        long deadline = System.currentTimeMillis() + 30_000;
        while (entries(folder) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(entries(folder)).as("every copy taken").isZero();
        assertThat(db.jdbc().queryForList("SELECT status FROM ingestion_runs", String.class)).containsExactly("PUBLISHED");
    }

    @Test
    void theInboxIsDownWhenItsConsumerStopsPolling() throws Exception {
        service = RunningService.start(db, work, Map.of("streamflow.inbox-stale-seconds", "2"));
        var context = service.main().getCamelContext();
        MasterConsumer master = (MasterConsumer) context.getRoute("file-intake").getConsumer();
        var delegated = MasterConsumer.class.getDeclaredField("delegatedConsumer");
        delegated.setAccessible(true);
        long deadline = System.currentTimeMillis() + 30_000;
        while ((delegated.get(master) == null || !inboxHealth(context).equals(HealthCheck.State.UP))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100); // leadership is taken and the first poll done a moment after the start
        }
        assertThat(inboxHealth(context)).isEqualTo(HealthCheck.State.UP);

        // what a poll thread killed by an Error leaves behind: a Started route whose consumer never polls again
        ((ScheduledPollConsumer) delegated.get(master)).getScheduler().unscheduleTask();

        deadline = System.currentTimeMillis() + 30_000;
        while (inboxHealth(context).equals(HealthCheck.State.UP) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(inboxHealth(context)).isEqualTo(HealthCheck.State.DOWN);
        assertThat(context.getRouteController().getRouteStatus("file-intake").isStarted()).isTrue();
    }

    private static HealthCheck.State inboxHealth(org.apache.camel.CamelContext context) {
        HealthCheck check = HealthCheckRegistry.get(context).getCheck("inbox").orElseThrow();
        assertThat(check.isLiveness() && !check.isReadiness()).as("a liveness check").isTrue();
        return check.call().getState();
    }

    /** Entries other than folders under a folder (files, links, pipes), or 0 when it is gone. */
    private static long entries(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).count();
        }
    }
}
