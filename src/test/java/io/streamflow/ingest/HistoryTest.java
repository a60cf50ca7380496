package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.field;
import static io.streamflow.ingest.CsvEdits.removeLines;
import static io.streamflow.ingest.CsvEdits.removeUsers;
import static io.streamflow.ingest.CsvEdits.setField;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every table has history, and the live tables are its newest row per user: after publishes, backfills,
 * restatements and retractions. Training sets read one as_of only.
 */
class HistoryTest extends SampleHistoryTest {

    @Test
    void everyTableKeepsItsHistoryAndLiveIsItsNewestRow() throws Exception {
        var result = ingest(db, work, month(0), month(1));

        assertThat(result.exitCode()).as(result.output()).isZero();
        for (String snapshot : List.of("users_snapshots", "subscriptions_profile_snapshots", "usage_agg_30d_snapshots",
                "payments_agg_90d_snapshots", "support_agg_90d_snapshots", "labels_snapshots")) {
            assertThat(jdbc.queryForList("SELECT count(*) FROM " + snapshot + " GROUP BY as_of ORDER BY as_of", Long.class))
                    .as(snapshot).containsExactly((long) USERS, (long) USERS);
        }
        // every subscriptions column has history, the ones outside the original profile snapshot too
        Path subscriptions = month(0).resolve("subscriptions.csv");
        String user = field(subscriptions, 2, "user_id");
        assertThat(jdbc.queryForObject("SELECT contract_type || '|' || total_paid FROM subscriptions_profile_snapshots "
                + "WHERE user_id = ? AND as_of = '2024-01-31'", String.class, user))
                .isEqualTo(field(subscriptions, 2, "contract_type") + "|" + field(subscriptions, 2, "total_paid"));
        assertInvariant("two months");
    }

    @Test
    void aLabelChangedLaterDoesNotLeakIntoAnEarlierTrainingSet() throws Exception {
        Path next = copy(month(1), work.resolve("in/month_001"));
        Path labels = next.resolve("labels.csv");
        String user = field(labels, 2, "user_id");
        String january = field(month(0).resolve("labels.csv"), 2, "churn_label");
        String february = january.equals("True") ? "False" : "True";
        setField(labels, 2, "churn_label", february);
        assertThat(ingest(db, work, month(0), next).exitCode()).isZero();

        List<String> set = trainingSet("--as-of", "2024-01-31");
        List<String> outcomeLater = trainingSet("--as-of", "2024-01-31", "--label-as-of", "2024-02-29");

        assertThat(set).hasSize(USERS + 1);
        assertThat(set.get(0)).startsWith("user_id,as_of,signup_date,").endsWith(",churn_label");
        assertThat(row(set, user)).startsWith(user + ",2024-01-31,").endsWith("," + january);
        assertThat(row(outcomeLater, user)).startsWith(user + ",2024-01-31,").endsWith("," + february);
        List<String> ids = set.stream().skip(1).map(l -> l.split(",")[0]).toList();
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.naturalOrder());
        // the features are January's: the watch hours of the January file, as written
        Path usage = month(0).resolve("usage_agg_30d.csv");
        String usageUser = field(usage, 5, "user_id");
        assertThat(row(set, usageUser)).contains("," + field(usage, 5, "watch_hours_30d") + ",");
    }

    @Test
    void aTrainingSetOfAMonthNotPublishedExitsOneAndWritesNothing() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        Path out = work.resolve("set.csv");

        assertThat(HistoryCommands.trainingSet(new String[] {"--as-of", "2024-02-29", "--out", out.toString()},
                db.properties(work), System.out)).isEqualTo(1);
        assertThat(HistoryCommands.trainingSet(new String[] {"--as-of", "2024-01-31", "--label-as-of", "2024-02-29",
                "--out", out.toString()}, db.properties(work), System.out)).isEqualTo(1);
        assertThat(HistoryCommands.trainingSet(new String[] {"--as-of", "2024-01-31"}, db.properties(work), System.out))
                .as("no --out").isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void eachPublishedMonthOfUsersCarriesItsPartOfTheRangeIndexUnderItsOwnName() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        assertThat(ingest(db, work, month(1)).exitCode()).isZero();

        assertThat(MigrationTest.rangeIndexParts(jdbc)).containsExactly(
                "users_snapshots_20240131_as_of_brin ON users_snapshots_20240131 USING brin (as_of)",
                "users_snapshots_20240229_as_of_brin ON users_snapshots_20240229 USING brin (as_of)");
    }

    @Test
    void theTrainingSetReadsWithTheServersWorkMemAndTheServiceWithItsOwn() {
        String server = jdbc.queryForObject("SHOW work_mem", String.class);
        String[] seen = new String[2];
        assertThat(Streamflow.withDatabase(db.properties(work), "read", database -> {
            seen[0] = new JdbcTemplate(database.dataSource()).queryForObject("SHOW work_mem", String.class);
            return 0;
        })).isZero();
        assertThat(Streamflow.withDatabase(HistoryCommands.exportSettings(db.properties(work)), "export", database -> {
            seen[1] = new JdbcTemplate(database.dataSource()).queryForObject("SHOW work_mem", String.class);
            return 0;
        })).isZero();

        assertThat(seen[0]).as("the service's sessions").isEqualTo("64MB").isNotEqualTo(server);
        assertThat(seen[1]).as("the export's session").isEqualTo(server);
    }

    @Test
    void usersAbsentFromTheNewestMonthKeepTheirRowsAndTheSnapshotsSayFromWhen() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        Path next = copy(month(1), work.resolve("in/month_001"));
        int absent = USERS / 25; // 4%: below the row-count threshold, above the users-dropped one
        Set<String> gone = Set.copyOf(removeLines(next.resolve("users.csv"), absent));
        for (String file : List.of("subscriptions.csv", "usage_agg_30d.csv", "payments_agg_90d.csv",
                "support_agg_90d.csv", "labels.csv")) {
            removeUsers(next.resolve(file), gone);
        }

        var result = ingest(db, work, next);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("the warning on the terminal, under the month's line")
                .contains("PUBLISHED", "    warning: users.csv", "users.user_id.users_dropped");
        String report = Files.readString(work.resolve("reports").resolve(jdbc.queryForObject(
                "SELECT report_path FROM ingestion_runs WHERE month = 'month_001'", String.class)));
        assertThat(report).contains("id=\"warnings\"", "users.user_id.users_dropped");
        assertInvariant("a month without " + absent + " users");
        assertThat(count("SELECT count(*) FROM latest_user_features WHERE NOT in_newest_month AND as_of = '2024-01-31'"))
                .isEqualTo(absent);
        assertThat(trainingSet("--as-of", "2024-02-29")).hasSize(USERS - absent + 1);
        for (String user : gone) {
            assertThat(count("SELECT count(*) FROM usage_agg_30d l JOIN usage_agg_30d_snapshots s USING (user_id) "
                    + "WHERE user_id = ? AND s.as_of = '2024-01-31' AND l.watch_hours_30d = s.watch_hours_30d", user))
                    .isEqualTo(1);
        }
    }

    @Test
    void aRetractedMonthLeavesTheTablesAsBeforeItAndCanBePublishedAgain() throws Exception {
        String liveAfterJanuary;
        try (TestDatabase january = TestDatabase.create()) {
            assertThat(ingest(january, work.resolve("january"), month(0)).exitCode()).isZero();
            liveAfterJanuary = january.valueFingerprint();
        }
        String clean;
        try (TestDatabase both = TestDatabase.create()) {
            assertThat(ingest(both, work.resolve("both"), month(0), month(1)).exitCode()).isZero();
            clean = both.valueFingerprint();
        }
        assertThat(ingest(db, work, month(0), month(1)).exitCode()).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = HistoryCommands.retract(new String[] {"2024-02-29"}, db.properties(work),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("month_001", "2024-02-29", "RETRACTED");
        assertThat(db.valueFingerprint()).as("live and snapshots as after month_000 alone").isEqualTo(liveAfterJanuary);
        assertThat(jdbc.queryForObject("SELECT status FROM ingestion_runs WHERE month = 'month_001'", String.class))
                .isEqualTo("RETRACTED");
        assertThat(Files.readString(IngestTestSupport.reportIndex(work.resolve("reports"), jdbc))).contains("RETRACTED");
        assertInvariant("a retraction");
        assertThat(HistoryCommands.retract(new String[] {"2024-02-29"}, db.properties(work), System.out))
                .as("nothing left to retract").isEqualTo(1);

        var again = ingest(db, work, month(1));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("PUBLISHED");
        assertThat(db.valueFingerprint()).isEqualTo(clean);
    }

    @Test
    void retractingTheOnlyMonthEmptiesTheStore() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();

        assertThat(HistoryCommands.retract(new String[] {"2024-01-31"}, db.properties(work), System.out)).isZero();

        for (String table : TestDatabase.storeTables()) {
            assertThat(count("SELECT count(*) FROM " + table)).as(table).isZero();
        }
    }

    @Test
    void aBackfillGivesLiveRowsToUsersWhoseNewestMonthItIs() throws Exception {
        // February lacks some users; January, ingested after it, is their newest month
        Path february = copy(month(1), work.resolve("in/month_001"));
        Set<String> onlyInJanuary = Set.copyOf(removeLines(february.resolve("users.csv"), 3));
        for (String file : List.of("subscriptions.csv", "usage_agg_30d.csv", "payments_agg_90d.csv",
                "support_agg_90d.csv", "labels.csv")) {
            removeUsers(february.resolve(file), onlyInJanuary);
        }
        assertThat(ingest(db, work, february).exitCode()).isZero();
        String februaryLabels = jdbc.queryForObject("SELECT md5(string_agg(user_id || churn_label, ',' ORDER BY user_id)) "
                + "FROM labels WHERE user_id <> ALL (?)", String.class, (Object) onlyInJanuary.toArray(String[]::new));

        var result = ingest(db, work, copy(month(0), work.resolve("in2/2024-01")));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("backfill");
        assertInvariant("a backfill");
        assertThat(count("SELECT count(*) FROM users")).isEqualTo(USERS);
        assertThat(jdbc.queryForObject("SELECT md5(string_agg(user_id || churn_label, ',' ORDER BY user_id)) FROM labels "
                + "WHERE user_id <> ALL (?)", String.class, (Object) onlyInJanuary.toArray(String[]::new)))
                .as("newer live values stay").isEqualTo(februaryLabels);
    }

    @Test
    void aRestatementThatDropsAUserLetsItsLiveRowsFallBack() throws Exception {
        assertThat(ingest(db, work, month(0), month(1)).exitCode()).isZero();
        Path restated = copy(month(1), work.resolve("in/month_001"));
        Set<String> dropped = Set.copyOf(removeLines(restated.resolve("users.csv"), 2));
        for (String file : List.of("subscriptions.csv", "usage_agg_30d.csv", "payments_agg_90d.csv",
                "support_agg_90d.csv", "labels.csv")) {
            removeUsers(restated.resolve(file), dropped);
        }
        setField(restated.resolve("usage_agg_30d.csv"), 3, "watch_hours_30d", "1.5");

        var result = new IngestCommand(List.of(restated), db.properties(work), System.out).restating(true).call();

        assertThat(result).isZero();
        assertInvariant("a restatement");
        String changed = field(restated.resolve("usage_agg_30d.csv"), 3, "user_id");
        assertThat(jdbc.queryForObject("SELECT watch_hours_30d::text FROM usage_agg_30d WHERE user_id = ?", String.class,
                changed)).isEqualTo("1.5");
        for (String user : dropped) {
            assertThat(jdbc.queryForObject("SELECT max(as_of)::text FROM usage_agg_30d_snapshots WHERE user_id = ?",
                    String.class, user)).isEqualTo("2024-01-31");
        }
        assertThat(jdbc.queryForList("SELECT status FROM ingestion_runs WHERE month = 'month_001' ORDER BY run_id",
                String.class)).containsExactly("RESTATED", "PUBLISHED");
    }

    private List<String> trainingSet(String... args) throws IOException {
        Path out = Files.createTempFile(work, "set", ".csv");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        assertThat(HistoryCommands.trainingSet(all.toArray(String[]::new), db.properties(work), System.out)).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static String row(List<String> set, String user) {
        return set.stream().filter(l -> l.startsWith(user + ",")).findFirst().orElseThrow();
    }
}
