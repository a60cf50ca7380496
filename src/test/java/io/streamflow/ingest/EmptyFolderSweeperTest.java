package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.streamflow.ingest.housekeeping.EmptyFolderSweeper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The empty folders left behind once a month is decided go; folders that may still receive files stay. */
@ExtendWith(DatabaseExtension.class)
class EmptyFolderSweeperTest {

    private static final Instant NOW = Instant.parse("2026-03-05T10:00:00Z");

    @TempDir
    Path work;

    private TestDatabase db;
    private JdbcTemplate jdbc;
    private Path inbox;
    private Path staged;
    private EmptyFolderSweeper sweeper;

    @BeforeEach
    void schema(TestDatabase database) throws Exception {
        db = database;
        assertThat(Streamflow.migrate(db.properties(work))).isZero();
        jdbc = db.jdbc();
        inbox = Files.createDirectories(work.resolve("inbox"));
        staged = Files.createDirectories(work.resolve("staged"));
        sweeper = new EmptyFolderSweeper(inbox, staged, jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theInboxFolderOfADecidedMonthGoesOnceEmptyAndSettled() throws IOException {
        decidedRun("month_000", "PUBLISHED", NOW.minusSeconds(30));
        Path taken = folder(inbox.resolve("month_000"), NOW.minusSeconds(31)); // its last file was taken before the decision

        assertThat(sweeper.sweep()).containsExactly(taken);
        assertThat(taken).doesNotExist();
    }

    @Test
    void foldersThatMayStillReceiveFilesStay() throws IOException {
        openRun("month_001"); // files arriving minutes apart: the month waits for the rest
        Path waiting = folder(inbox.resolve("month_001"), NOW.minusSeconds(600));
        Path unknown = folder(inbox.resolve("month_002"), NOW.minusSeconds(600)); // no run: nothing was taken from it
        decidedRun("month_003", "INCOMPLETE", NOW.minusSeconds(3600));
        Path recreated = folder(inbox.resolve("month_003"), NOW.minusSeconds(60)); // made again after its decision
        decidedRun("month_004", "PUBLISHED", NOW.minusSeconds(10));
        Path filling = folder(inbox.resolve("month_004"), NOW.minusSeconds(20));
        Files.writeString(filling.resolve(".users.csv.part"), "user_id"); // a copy in progress, under a hidden name
        decidedRun("month_005", "REJECTED", NOW);
        Path justChanged = folder(inbox.resolve("month_005"), NOW.minusMillis(500)); // not settled yet
        decidedRun("month_006", "PUBLISHED", NOW.minusSeconds(30));
        Path target = folder(work.resolve("elsewhere"), NOW.minusSeconds(600));
        Path link = Files.createSymbolicLink(inbox.resolve("month_006"), target);

        assertThat(sweeper.sweep()).isEmpty();
        assertThat(waiting).isDirectory();
        assertThat(unknown).isDirectory();
        assertThat(recreated).isDirectory();
        assertThat(filling).isDirectory();
        assertThat(justChanged).isDirectory();
        assertThat(link).isSymbolicLink();
        assertThat(target).isDirectory();
    }

    @Test
    void theStagedFoldersOfADecidedRunGoOnceItsFilesAreArchived() throws IOException {
        long decided = decidedRun("month_000", "PUBLISHED", NOW.minusSeconds(30));
        long open = openRun("month_001");
        Path decidedMonth = folder(staged.resolve("run-" + decided + "/month_000"), NOW.minusSeconds(20));
        Path openMonth = folder(staged.resolve("run-" + open + "/month_001"), NOW.minusSeconds(20));
        Path notEmpty = folder(staged.resolve("run-" + decided + "/month_000b"), NOW.minusSeconds(20));
        Files.writeString(notEmpty.resolve("users.csv"), "user_id");
        settle(staged.resolve("run-" + decided));
        settle(staged.resolve("run-" + open));

        assertThat(sweeper.sweep()).containsExactly(decidedMonth);
        Files.delete(notEmpty.resolve("users.csv"));
        settle(notEmpty);
        settle(staged.resolve("run-" + decided));
        assertThat(sweeper.sweep()).containsExactly(notEmpty);
        settle(staged.resolve("run-" + decided)); // the run's folder changed as its last month folder went
        assertThat(sweeper.sweep()).containsExactly(staged.resolve("run-" + decided));
        assertThat(openMonth).isDirectory();
    }

    @Test
    void withoutTheRunLogNothingIsRemoved() throws Exception {
        decidedRun("month_000", "PUBLISHED", NOW.minusSeconds(30));
        Path taken = folder(inbox.resolve("month_000"), NOW.minusSeconds(31));
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");

        assertThat(new EmptyFolderSweeper(inbox, staged, new JdbcTemplate(unreachable), Clock.fixed(NOW, ZoneOffset.UTC))
                .sweep()).isEmpty();
        assertThat(taken).isDirectory();
    }

    private long decidedRun(String month, String status, Instant finished) {
        return jdbc.queryForObject("INSERT INTO ingestion_runs (month, as_of, mode, status, started_at, finished_at)"
                + " VALUES (?, DATE '2024-01-31', 'service', ?, ?, ?) RETURNING run_id", Long.class, month, status,
                Timestamp.from(finished.minus(Duration.ofMinutes(1))), Timestamp.from(finished));
    }

    private long openRun(String month) {
        return jdbc.queryForObject("INSERT INTO ingestion_runs (month, as_of, mode, status) VALUES (?, DATE '2024-02-29',"
                + " 'service', 'STAGING') RETURNING run_id", Long.class, month);
    }

    private static Path folder(Path path, Instant changed) throws IOException {
        Files.createDirectories(path);
        Files.setLastModifiedTime(path, FileTime.from(changed));
        return path;
    }

    private static void settle(Path folder) throws IOException {
        Files.setLastModifiedTime(folder, FileTime.from(NOW.minusSeconds(10)));
    }
}
