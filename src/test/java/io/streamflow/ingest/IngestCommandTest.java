package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.field;
import static io.streamflow.ingest.CsvEdits.setField;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ingest command through the real routes, on the generated sample months (7043 users). */
@ExtendWith(DatabaseExtension.class)
class IngestCommandTest {

    private static final List<String> LIVE = List.of("users", "subscriptions", "usage_agg_30d", "payments_agg_90d",
            "support_agg_90d", "labels");
    private static final List<String> SNAPSHOTS = List.of("subscriptions_profile_snapshots", "usage_agg_30d_snapshots",
            "payments_agg_90d_snapshots", "support_agg_90d_snapshots");

    @TempDir
    static Path samples;
    @TempDir
    Path work;

    private TestDatabase db;
    private JdbcTemplate jdbc;

    @BeforeAll
    static void generate() throws Exception {
        SampleMonths.write(samples, SampleMonths.DEFAULT_USERS, 2, SampleMonths.DEFAULT_SEED);
    }

    @BeforeEach
    void database(TestDatabase database) throws Exception {
        db = database;
        jdbc = db.jdbc();
    }

    private Path month(int n) {
        return samples.resolve(String.format("month_%03d", n));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void publishesBothMonthsWithSnapshotsAndExactValues() throws Exception {
        var result = ingest(db, work, month(0), month(1));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("month_000    2024-01-31  PUBLISHED", "month_001    2024-02-29  PUBLISHED");
        for (String table : LIVE) {
            assertThat(count("SELECT count(*) FROM " + table)).as(table).isEqualTo(7043);
        }
        for (String table : SNAPSHOTS) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE as_of = '2024-01-31'")).as(table).isEqualTo(7043);
            assertThat(count("SELECT count(*) FROM " + table + " WHERE as_of = '2024-02-29'")).as(table).isEqualTo(7043);
        }
        // values arrive exactly as written: compare NUMERIC text with the CSV text
        Path usage = month(0).resolve("usage_agg_30d.csv");
        String user = field(usage, 2, "user_id");
        assertThat(jdbc.queryForObject("SELECT watch_hours_30d::text FROM usage_agg_30d_snapshots "
                + "WHERE user_id = ? AND as_of = '2024-01-31'", String.class, user))
                .isEqualTo(field(usage, 2, "watch_hours_30d"));
        // live tables hold the latest month
        Path usage1 = month(1).resolve("usage_agg_30d.csv");
        assertThat(jdbc.queryForObject("SELECT watch_hours_30d::text FROM usage_agg_30d WHERE user_id = ?",
                String.class, field(usage1, 2, "user_id"))).isEqualTo(field(usage1, 2, "watch_hours_30d"));
        long noService = Files.readAllLines(month(1).resolve("subscriptions.csv")).stream()
                .filter(l -> l.endsWith(",No")).count();
        assertThat(count("SELECT count(*) FROM subscriptions WHERE plan_stream_tv IS NULL")).isEqualTo(noService);
        assertThat(count("SELECT count(*) FROM ingestion_runs WHERE status = 'PUBLISHED'")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT file_checksums->>'users.csv' FROM ingestion_runs WHERE month = 'month_000'",
                String.class)).hasSize(64);
        assertThat(IngestTestSupport.reportIndex(work.resolve("reports"), jdbc)).content()
                .contains("month_000", "month_001", "PUBLISHED");
        // staging is emptied once a month is decided
        assertThat(count("SELECT count(*) FROM staging_usage_agg_30d")).isZero();
        // the first month's bulk load dropped the live tables' foreign keys and added them again
        assertThat(jdbc.queryForList("SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE contype = 'f' AND confrelid = 'users'::regclass ORDER BY 1", String.class))
                .containsExactly(LIVE.stream().skip(1).sorted()
                        .map(t -> t + " FOREIGN KEY (user_id) REFERENCES users(user_id)").toArray(String[]::new));
        // ... and their keys, built again after the rows were inserted as they came: in the file's order
        assertThat(jdbc.queryForList("SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE contype = 'p' AND conrelid = ANY (CAST(? AS regclass[])) ORDER BY 1", String.class,
                "{" + String.join(",", LIVE) + "}"))
                .containsExactly(LIVE.stream().sorted().map(t -> t + " " + t + "_pkey PRIMARY KEY (user_id)").toArray(String[]::new));
        assertThat(jdbc.queryForList("SELECT user_id FROM users ORDER BY ctid LIMIT 3", String.class)).containsExactly(
                field(month(0).resolve("users.csv"), 2, "user_id"), field(month(0).resolve("users.csv"), 3, "user_id"),
                field(month(0).resolve("users.csv"), 4, "user_id"));
    }

    @Test
    void aFileOfNoTableRefusesItsMonthEvenWhenItsRecordIsSlowerThanTheTables() throws Exception {
        assertThat(Streamflow.migrate(db.properties(work))).isZero();
        String empty = db.contentFingerprint();
        Path month = copy(month(0), work.resolve("in/month_000"));
        Files.writeString(month.resolve("notes.txt"), "hello\n");
        // recording the stray file takes 3 s, longer than staging the six tables, whose staging completes the month
        jdbc.execute("CREATE FUNCTION slow_stray() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3);"
                + " RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER slow_stray BEFORE INSERT ON staging_errors FOR EACH ROW"
                + " WHEN (NEW.rule = 'file_name') EXECUTE FUNCTION slow_stray()");

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("month_000", "REJECTED", "notes.txt", "file_name");
        assertThat(db.contentFingerprint()).isEqualTo(empty);
    }

    @Test
    void ingestingAgainChangesNoRowAndSaysSo() throws Exception {
        assertThat(ingest(db, work, month(0), month(1)).exitCode()).isZero();
        String before = db.contentFingerprint();

        var again = ingest(db, work, month(0), month(1));

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("month_000    2024-01-31  ALREADY_PUBLISHED", "month_001    2024-02-29  ALREADY_PUBLISHED");
        assertThat(db.contentFingerprint()).isEqualTo(before);
    }

    @Test
    void aRefusedMonthChangesNothingAndSaysWhere() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        String before = db.contentFingerprint();
        Path bad = copy(month(1), work.resolve("in/month_001"));
        setField(bad.resolve("usage_agg_30d.csv"), 17, "watch_hours_30d", "-3.5");

        var result = ingest(db, work, bad);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("REJECTED",
                "usage_agg_30d.csv:17 watch_hours_30d '-3.5'  usage_agg_30d.watch_hours_30d.min");
        assertThat(db.contentFingerprint()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT error_summary FROM ingestion_runs WHERE month = 'month_001'", String.class))
                .contains("usage_agg_30d.csv:17");
        assertThat(count("SELECT count(*) FROM usage_agg_30d_snapshots WHERE as_of = '2024-02-29'")).isZero();
    }

    @Test
    void aBackfillStampsItsSnapshotsAndLeavesNewerLiveValues() throws Exception {
        assertThat(ingest(db, work, month(1)).exitCode()).isZero();
        String liveLabels = jdbc.queryForObject("SELECT md5(string_agg(user_id || churn_label, ',' ORDER BY user_id)) "
                + "FROM labels", String.class);

        // named so that it sorts after month_001: the command takes folders in name order
        Path older = copy(month(0), work.resolve("in/2024-01"));
        var result = ingest(db, work, older);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("backfill");
        assertThat(count("SELECT count(*) FROM usage_agg_30d_snapshots WHERE as_of = '2024-01-31'")).isEqualTo(7043);
        assertThat(jdbc.queryForObject("SELECT md5(string_agg(user_id || churn_label, ',' ORDER BY user_id)) FROM labels",
                String.class)).isEqualTo(liveLabels);
        Path usage1 = month(1).resolve("usage_agg_30d.csv");
        assertThat(jdbc.queryForObject("SELECT watch_hours_30d::text FROM usage_agg_30d WHERE user_id = ?",
                String.class, field(usage1, 3, "user_id"))).isEqualTo(field(usage1, 3, "watch_hours_30d"));
    }

    @Test
    void aMissingFileRefusesTheMonthAtOnceNamingTheTable() throws Exception {
        Path partial = copy(month(0), work.resolve("in/month_000"));
        Files.delete(partial.resolve("labels.csv"));

        var result = ingest(db, work, partial);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("REJECTED", "labels.file_present");
        assertThat(count("SELECT count(*) FROM users")).isZero();
    }

    @Test
    void usageErrorsExitWithTwoAndAFolderThatIsNoMonthIsRefused() throws Exception {
        assertThat(ingest(db, work, work.resolve("does-not-exist")).exitCode()).isEqualTo(2);
        Path oddName = Files.createDirectories(work.resolve("in/january"));
        var refused = ingest(db, work, oddName);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("january", "REJECTED", "not a month folder");
    }

    @Test
    void anUnreachableDatabaseExitsWithThree() throws Exception {
        java.util.Map<String, String> properties = new java.util.HashMap<>(db.properties(work));
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            properties.put("streamflow.db.port", String.valueOf(free.getLocalPort())); // nothing answers there once closed
        }
        properties.put("streamflow.db.wait-seconds", "1");

        assertThat(ingest(properties, month(0)).exitCode()).isEqualTo(3);

        db.allowConnections(false);
        try {
            properties.put("streamflow.db.port", db.properties(work).get("streamflow.db.port"));
            assertThat(ingest(properties, month(0)).exitCode()).as("the database refuses connections").isEqualTo(3);
        } finally {
            db.allowConnections(true);
        }
    }

    @Test
    void migrateBringsAnEmptyDatabaseToTheSchemaAndStartsNothing() throws Exception {
        assertThat(Streamflow.migrate(db.properties(work))).isZero();

        long migrations;
        try (var files = Files.list(Path.of("db"))) {
            migrations = files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
        }
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(migrations);
        assertThat(count("SELECT count(*) FROM ingestion_runs")).isZero();
        assertThat(Streamflow.migrate(db.properties(work))).as("already up to date").isZero();
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
    }

    @Test
    void ingestOnASchemaBehindTheNewestMigrationAppliesTheRestFirst() throws Exception {
        long migrations;
        try (var files = Files.list(Path.of("db"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V[0-9]+__.*\\.sql")).count();
        }
        assertThat(ProjectFiles.newestMigration()).as("versions 1..n, the newest found").hasValue((int) migrations);
        org.flywaydb.core.Flyway.configure().dataSource(jdbc.getDataSource()).locations("filesystem:db")
                .sqlMigrationPrefix("V").target(String.valueOf(migrations - 1)).load().migrate();
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(migrations - 1);

        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(migrations);
        assertThat(count("SELECT count(*) FROM users")).isEqualTo(SampleMonths.DEFAULT_USERS);
    }

    @Test
    void aUserUnknownToBothMonthsRefusesTheSecondOnlyAndSaysWhere() throws Exception {
        Path next = copy(month(1), work.resolve("in/month_001"));
        Path support = next.resolve("support_agg_90d.csv");
        Files.writeString(support, "0000-ORPHN,1,2.5\n", java.nio.file.StandardOpenOption.APPEND);

        var result = ingest(db, work, month(0), next);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("month_000    2024-01-31  PUBLISHED", "month_001    2024-02-29  REJECTED",
                "support_agg_90d.csv:" + (SampleMonths.DEFAULT_USERS + 2), "support_agg_90d.user_id.references_users");
        assertThat(count("SELECT count(*) FROM support_agg_90d_snapshots WHERE as_of = '2024-02-29'")).isZero();
    }
}
