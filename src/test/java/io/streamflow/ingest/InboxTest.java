package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.setField;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.streamflow.ingest.observe.InboxPolls;
import io.streamflow.ingest.seed.SampleMonths;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.NotifyBuilderMatcher;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's inbox against hostile and unlucky drops: junk is moved out and never delays a month, files that are
 * empty, broken or still being written never hold the consumer nor publish a month short, a month dropped twice is
 * one run, a producer's _SUCCESS marker lets a month in at once, and a consumer that stops polling shows in health.
 */
@ExtendWith(DatabaseExtension.class)
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
    void database(TestDatabase database) throws Exception {
        db = database;
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
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

        int junk = 2000 + 1 + 1 + 6 + 1 + 1;
        NotifyBuilder swept = new NotifyBuilder(service.context()).fromRoute("inbox-sweep")
                .whenDoneSatisfied(new MovedEntries(junk)).create();
        var decision = service.drop(month(0));
        Path nested = Files.createDirectories(inbox.resolve("month_000/nested"));
        Files.writeString(nested.resolve("users.csv"), "user_id\n");

        assertThat(decision.status()).isEqualTo("PUBLISHED");
        assertThat(swept.matches(30, TimeUnit.SECONDS)).as("the sweeps moved every junk entry").isTrue();
        Path unrecognised = work.resolve("failed/unrecognised");
        assertThat(entries(inbox)).as("nothing but folders left in the inbox").isZero();
        assertThat(entries(unrecognised)).isEqualTo(junk);
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

        var emptyDecided = service.drop(empty);
        var nulDecided = service.drop(nul);
        var goodDecided = service.drop(month(2));

        assertThat(emptyDecided.status()).isEqualTo("REJECTED");
        assertThat(nulDecided.status()).isEqualTo("REJECTED");
        assertThat(goodDecided.status()).isEqualTo("PUBLISHED");
        assertThat(db.jdbc().queryForObject("SELECT error_summary FROM ingestion_runs WHERE month = 'month_001'",
                String.class)).contains("users.csv:5", "encoding");
    }

    @Test
    void aFileStillBeingWrittenIsNeverPublishedShort() throws Exception {
        service = RunningService.start(db, work, Map.of());
        Path folder = Files.createDirectories(service.inbox().resolve("month_000"));
        var decision = service.nextDecision("month_000");
        List<String> labels = Files.readAllLines(month(0).resolve("labels.csv"));
        // the slow writer keeps its file open: what it writes after the file was taken lands in the moved file
        try (OutputStream writer = Files.newOutputStream(folder.resolve("labels.csv"))) {
            writer.write((String.join("\n", labels.subList(0, USERS / 2)) + "\n").getBytes(StandardCharsets.UTF_8));
            writer.flush();
            for (String file : List.of("users.csv", "subscriptions.csv", "usage_agg_30d.csv", "payments_agg_90d.csv",
                    "support_agg_90d.csv")) {
                Files.copy(month(0).resolve(file), folder.resolve(file));
            }
            assertThat(decision.status()).isEqualTo("REJECTED");
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
        var markedDecided = service.drop(marked);
        var unmarkedDecided = service.drop(month(1));

        assertThat(markedDecided.status()).isEqualTo("PUBLISHED");
        assertThat(service.status("month_001")).as("no marker, not settled: not taken").isNull();
        try (Stream<Path> files = Files.list(service.inbox().resolve("month_001"))) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(7200)));
            }
        }
        assertThat(unmarkedDecided.status()).isEqualTo("PUBLISHED");
        assertThat(work.resolve("archive/month_000-run1/_SUCCESS")).exists();
        assertThat(service.inbox().resolve("month_000/_SUCCESS")).doesNotExist();
    }

    @Test
    void theSameMonthDroppedTwiceIsOneRun() throws Exception {
        service = RunningService.start(db, work, Map.of());
        Path folder = Files.createDirectories(service.inbox().resolve("month_000"));
        var decision = service.nextDecision("month_000");
        NotifyBuilder firstTaken = service.routeDone("file-intake", 1);
        copyInto(folder);
        // the second copy lands while the first is being taken or decided
        assertThat(firstTaken.matches(30, TimeUnit.SECONDS)).isTrue();
        copyInto(folder);
        assertThat(decision.status()).isEqualTo("PUBLISHED");
        // the copies of files already taken are taken as the month's twins and moved beside them
        assertThat(Eventually.holds(Duration.ofSeconds(30), () -> entries(folder) == 0)).as("every copy taken").isTrue();
        assertThat(db.jdbc().queryForList("SELECT status FROM ingestion_runs", String.class)).containsExactly("PUBLISHED");
    }

    @Test
    void aFileDroppedAgainIntoItsOpenRunIsNotStagedAgain() throws Exception {
        Path folder = usersStagedAlone();
        var decision = service.nextDecision("month_000");
        String stagedAt = "SELECT staged_at::text FROM staged_files WHERE table_name = 'users'";
        String first = db.jdbc().queryForObject(stagedAt, String.class);

        NotifyBuilder againTaken = service.routeDone("file-intake", 1);
        Files.copy(month(0).resolve("users.csv"), folder.resolve("users.csv"));
        assertThat(againTaken.matches(30, TimeUnit.SECONDS)).isTrue();

        // its rows were not replaced (staging it again would: the gate could then read the table half staged)
        assertThat(db.jdbc().queryForObject(stagedAt, String.class)).isEqualTo(first);
        assertThat(entries(folder)).isZero();
        copyInto(folder);
        assertThat(decision.status()).isEqualTo("PUBLISHED");
        assertThat(db.jdbc().queryForList("SELECT status FROM ingestion_runs", String.class)).containsExactly("PUBLISHED");
    }

    @Test
    void aFileStagedJustBeforeItsMonthHeardOfItIsToldAgainWhenDroppedAgain() throws Exception {
        Path folder = usersStagedAlone();
        var decision = service.nextDecision("month_000");
        // what a crash between staging the file and its month's aggregator hearing of it leaves: the month forgot it
        assertThat(db.jdbc().update("DELETE FROM month_aggregation")).isEqualTo(1);

        copyInto(folder); // users.csv again, identical: not staged again, and the month hears of it

        assertThat(decision.status()).isEqualTo("PUBLISHED");
    }

    @Test
    void theInboxIsDownWhenItsConsumerStopsPolling() throws Exception {
        service = RunningService.start(db, work, Map.of("streamflow.inbox-stale-seconds", "2"));
        var context = service.main().getCamelContext();
        MasterConsumer master = (MasterConsumer) context.getRoute("file-intake").getConsumer();
        var delegated = MasterConsumer.class.getDeclaredField("delegatedConsumer");
        delegated.setAccessible(true);
        // leadership is taken and the first poll done a moment after the start: the poll task is scheduled by then (a
        // consumer merely created may schedule it after the line below, and would go on polling)
        InboxPolls polls = context.getRegistry().lookupByNameAndType("inboxPolls", InboxPolls.class);
        assertThat(Eventually.holds(Duration.ofSeconds(30), () -> delegated.get(master) != null
                && polls.lastPoll() != null && inboxHealth(context) == HealthCheck.State.UP)).isTrue();

        // what a poll thread killed by an Error leaves behind: a Started route whose consumer never polls again
        ((ScheduledPollConsumer) delegated.get(master)).getScheduler().unscheduleTask();

        assertThat(Eventually.holds(Duration.ofSeconds(30), () -> inboxHealth(context) == HealthCheck.State.DOWN)).isTrue();
        assertThat(context.getRouteController().getRouteStatus("file-intake").isStarted()).isTrue();
    }

    private static HealthCheck.State inboxHealth(org.apache.camel.CamelContext context) {
        HealthCheck check = HealthCheckRegistry.get(context).getCheck("inbox").orElseThrow();
        assertThat(check.isLiveness() && !check.isReadiness()).as("a liveness check").isTrue();
        return check.call().getState();
    }

    /** Satisfied once the inbox sweeps (whose body is the number of entries each moved) moved this many in all. */
    private static final class MovedEntries implements NotifyBuilderMatcher {

        private final long expected;
        private final AtomicLong moved = new AtomicLong();

        MovedEntries(long expected) {
            this.expected = expected;
        }

        @Override
        public void notifyBuilderOnExchange(Exchange exchange) {
            moved.addAndGet(exchange.getMessage().getBody(Integer.class));
        }

        @Override
        public boolean notifyBuilderMatches() {
            return moved.get() >= expected;
        }

        @Override
        public void notifyBuilderReset() {
            moved.set(0);
        }
    }

    /**
     * Starts the service and stages month_000's users.csv alone into the month's open run, the file moved out of the
     * inbox; returns the month's inbox folder.
     */
    private Path usersStagedAlone() throws Exception {
        service = RunningService.start(db, work, Map.of());
        Path folder = Files.createDirectories(service.inbox().resolve("month_000"));
        NotifyBuilder usersTaken = service.routeDone("file-intake", 1);
        Files.copy(month(0).resolve("users.csv"), folder.resolve("users.csv"));
        assertThat(usersTaken.matches(30, TimeUnit.SECONDS)).isTrue();
        // the file leaves the inbox once its exchange is done: a copy dropped before that would be the one moved
        assertThat(Eventually.holds(Duration.ofSeconds(30), () -> entries(folder) == 0)).isTrue();
        return folder;
    }

    /**
     * The month's files into the folder as a careful producer writes them: each in full outside the inbox, then renamed
     * into place, replacing a file of the same name at once. (Copied over an earlier copy in place, a file is gone for an
     * instant, and a month taken in that instant is refused for it: TableIntakeTest.)
     */
    private void copyInto(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(month(0))) {
            for (Path file : files.toList()) {
                Path written = Files.copy(file, work.resolve(file.getFileName() + ".part"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(written, folder.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
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
