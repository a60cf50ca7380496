package io.streamflow.ingest;

import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.streamflow.ingest.seed.SampleMonths;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Migrations of a store that already holds published months keep what it holds. */
@ExtendWith(DatabaseExtension.class)
class MigrationTest {

    @TempDir
    Path work;

    private TestDatabase db;
    private JdbcTemplate jdbc;

    @BeforeEach
    void database(TestDatabase database) {
        db = database;
        jdbc = db.jdbc();
    }

    private void migrate(String target) {
        var flyway = Flyway.configure().dataSource(jdbc.getDataSource()).locations("filesystem:db").sqlMigrationPrefix("V");
        (target == null ? flyway : flyway.target(target)).load().migrate();
    }

    @Test
    void theMigrationCarriesWhatIsKnownOfAnExistingStoreIntoTheHistory() throws Exception {
        migrate("7");
        // a store as the four-snapshot schema left it: two months, user B absent from the second
        jdbc.update("INSERT INTO ingestion_runs (month, as_of, mode, status) VALUES "
                + "('month_000', '2024-01-31', 'ingest', 'PUBLISHED'), ('month_001', '2024-02-29', 'ingest', 'PUBLISHED')");
        jdbc.update("INSERT INTO users VALUES ('A', '2020-01-01', 'Male', false, true, false), "
                + "('B', '2021-01-01', 'Female', true, false, false)");
        jdbc.update("INSERT INTO subscriptions VALUES ('A', 5, true, false, 'One year', true, 10.5, 52.5, 'DSL', "
                + "true, null, null, false), ('B', 3, null, null, 'Month-to-month', false, 20, 60, 'No', null, null, null, null)");
        jdbc.update("INSERT INTO labels VALUES ('A', false), ('B', true)");
        jdbc.update("INSERT INTO subscriptions_profile_snapshots VALUES ('A', '2024-01-31', 4, 10.5, true, true, false, 'DSL'), "
                + "('A', '2024-02-29', 5, 10.5, true, true, false, 'DSL'), ('B', '2024-01-31', 3, 20, false, null, null, 'No')");

        migrate(null);

        assertThat(jdbc.queryForList("SELECT user_id || ' ' || as_of FROM users_snapshots ORDER BY 1", String.class))
                .containsExactly("A 2024-02-29", "B 2024-01-31");
        assertThat(jdbc.queryForList("SELECT user_id || ' ' || as_of || ' ' || churn_label FROM labels_snapshots ORDER BY 1",
                String.class)).containsExactly("A 2024-02-29 false", "B 2024-01-31 true");
        assertThat(jdbc.queryForList("SELECT user_id || ' ' || as_of || ' ' || coalesce(contract_type, '?') "
                + "FROM subscriptions_profile_snapshots ORDER BY 1", String.class))
                .as("the added columns are known where the live row is that snapshot's row only")
                .containsExactly("A 2024-01-31 ?", "A 2024-02-29 One year", "B 2024-01-31 Month-to-month");
        assertThat(db.historyMismatches()).isEmpty();
    }

    @Test
    void snapshotRowsMoveIntoOnePartitionPerAsOfAndTheNextMonthIsStampedBeside() throws Exception {
        Path samples = work.resolve("samples");
        SampleMonths.write(samples, 120, 2, 17);
        migrate("9");
        jdbc.update("INSERT INTO ingestion_runs (month, as_of, mode, status) VALUES ('month_000', '2024-01-31', 'ingest', "
                + "'PUBLISHED'), ('month_999', '2023-12-31', 'ingest', 'PUBLISHED')");
        jdbc.update("INSERT INTO users VALUES ('A', '2020-01-01', 'Male', false, true, false)");
        jdbc.update("INSERT INTO users_snapshots VALUES ('A', '2023-12-31', '2020-01-01', 'Male', false, true, false), "
                + "('A', '2024-01-31', '2020-01-01', 'Male', false, true, false)");
        jdbc.update("INSERT INTO labels_snapshots VALUES ('A', '2023-12-31', true), ('A', '2024-01-31', false)");
        String before = db.valueFingerprint();

        migrate(null);

        assertThat(db.valueFingerprint()).as("every row kept").isEqualTo(before);
        assertThat(jdbc.queryForList("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'users_snapshots'::regclass ORDER BY 1", String.class))
                .containsExactly("users_snapshots_20231231", "users_snapshots_20240131");
        assertThat(jdbc.queryForObject("SELECT as_of::text FROM latest_user_features WHERE user_id = 'A'", String.class))
                .isEqualTo("2024-01-31");

        var result = ingest(db, work, samples.resolve("month_001"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        for (String table : TestDatabase.storeTables().subList(6, 12)) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_inherits WHERE inhparent = ?::regclass", Long.class,
                    table)).as(table).isEqualTo(table.startsWith("users") || table.startsWith("labels") ? 3 : 1);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_agg_30d_snapshots_20240229", Long.class)).isEqualTo(120);
    }

    @Test
    void userIdsCompareInByteOrderEverywhereAndTheViewsKeysAndRowsStayAsTheyWere() {
        migrate("9");
        jdbc.update("INSERT INTO ingestion_runs (month, as_of, mode, status) VALUES ('month_000', '2024-01-31', 'ingest', "
                + "'PUBLISHED')");
        jdbc.update("INSERT INTO users VALUES ('b', '2020-01-01', 'Male', false, true, false), "
                + "('B', '2020-02-01', 'Female', true, false, false)");
        jdbc.update("INSERT INTO labels VALUES ('b', true), ('B', false)");
        jdbc.update("INSERT INTO users_snapshots VALUES ('b', '2024-01-31', '2020-01-01', 'Male', false, true, false), "
                + "('B', '2024-01-31', '2020-02-01', 'Female', true, false, false)");
        jdbc.update("INSERT INTO labels_snapshots VALUES ('b', '2024-01-31', true), ('B', '2024-01-31', false)");
        migrate("13");
        String rows = db.valueFingerprint();
        String views = views();
        List<String> keys = foreignKeys();

        migrate("14");

        assertThat(db.valueFingerprint()).as("every row kept").isEqualTo(rows);
        assertThat(views()).as("the views made again as they were, with their comments").isEqualTo(views);
        assertThat(foreignKeys()).hasSize(5).isEqualTo(keys);
        assertThat(jdbc.queryForList("SELECT c.relname || ' ' || coalesce(co.collname, '?') FROM pg_attribute a "
                + "JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                + "WHERE a.attname = 'user_id' AND c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace "
                + "AND co.collname IS DISTINCT FROM 'C'", String.class)).as("user_id not in byte order").isEmpty();
        assertThat(jdbc.queryForList("SELECT user_id FROM users ORDER BY user_id", String.class)).containsExactly("B", "b");
        assertThat(jdbc.queryForList("SELECT user_id || ' ' || churn_label FROM latest_user_features ORDER BY 1",
                String.class)).containsExactly("B false", "b true");
    }

    @Test
    void theLatestRowPerUserIsTheSameWhenPlannedAsOneMonth() {
        migrate("14");
        // two published months; B is absent from the newer one, so its row comes from the older
        jdbc.update("INSERT INTO ingestion_runs (month, as_of, mode, status) VALUES "
                + "('month_000', '2024-01-31', 'ingest', 'PUBLISHED'), ('month_001', '2024-02-29', 'ingest', 'PUBLISHED'), "
                + "('month_002', '2024-03-31', 'ingest', 'REJECTED')");
        for (String asOf : List.of("20240131", "20240229")) {
            jdbc.execute("CREATE TABLE users_snapshots_" + asOf + " PARTITION OF users_snapshots FOR VALUES IN ('"
                    + asOf + "')");
        }
        jdbc.update("INSERT INTO users VALUES ('A', '2020-01-01', 'Male', false, true, false), "
                + "('B', '2021-01-01', 'Female', true, false, false)");
        jdbc.update("INSERT INTO labels VALUES ('A', false), ('B', true)");
        jdbc.update("INSERT INTO users_snapshots VALUES ('A', '2024-01-31', '2020-01-01', 'Male', false, true, false), "
                + "('B', '2024-01-31', '2021-01-01', 'Female', true, false, false), "
                + "('A', '2024-02-29', '2020-01-01', 'Male', false, true, false)");
        String latest = "SELECT user_id || ' ' || as_of || ' ' || in_newest_month || ' ' || churn_label"
                + " FROM latest_user_features ORDER BY 1";
        List<String> before = jdbc.queryForList(latest, String.class);
        String views = views();

        migrate(null);

        assertThat(before).containsExactly("A 2024-02-29 true false", "B 2024-01-31 false true");
        assertThat(jdbc.queryForList(latest, String.class)).isEqualTo(before);
        assertThat(views().replaceAll("(?s)latest_user_features: .*? -- ", "latest_user_features: -- "))
                .as("the views' comments kept").isEqualTo(views.replaceAll("(?s)latest_user_features: .*? -- ",
                        "latest_user_features: -- "));
        assertThat(jdbc.queryForObject("SELECT pg_get_viewdef('latest_user_features')", String.class))
                .as("the newest as_of written as a range").contains("(h.as_of >= ( SELECT newest.as_of");
    }

    @Test
    void theMonthsAlreadyPublishedGetTheRangeIndexOfTheirUsersAsAPublishNamesIt() {
        migrate("16");
        for (String asOf : List.of("20240131", "20240229")) {
            jdbc.execute("CREATE TABLE users_snapshots_" + asOf + " PARTITION OF users_snapshots FOR VALUES IN ('"
                    + asOf + "')");
        }

        migrate(null);

        assertThat(rangeIndexParts(jdbc)).containsExactly(
                "users_snapshots_20240131_as_of_brin ON users_snapshots_20240131 USING brin (as_of)",
                "users_snapshots_20240229_as_of_brin ON users_snapshots_20240229 USING brin (as_of)");
    }

    /** The parts of the partitioned BRIN index on users_snapshots.as_of (db/V17): name, table, method and column. */
    static List<String> rangeIndexParts(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT regexp_replace(pg_get_indexdef(i.inhrelid), '^CREATE INDEX |public\\.|ONLY ', '', 'g')"
                + " FROM pg_inherits i WHERE i.inhparent = 'users_snapshots_as_of_brin'::regclass ORDER BY 1", String.class);
    }

    private String views() {
        return String.join("\n", jdbc.queryForList("SELECT c.relname || ': ' || pg_get_viewdef(c.oid) || ' -- '"
                + " || coalesce(obj_description(c.oid, 'pg_class'), '') || ' -- ' || coalesce((SELECT string_agg(attname"
                + " || '=' || col_description(c.oid, attnum), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid"
                + " AND attnum > 0), '') FROM pg_class c WHERE c.relkind = 'v' AND c.relnamespace = current_schema()::regnamespace"
                + " ORDER BY c.relname", String.class));
    }

    private List<String> foreignKeys() {
        return jdbc.queryForList("SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE contype = 'f' AND confrelid = 'users'::regclass ORDER BY 1", String.class);
    }
}
