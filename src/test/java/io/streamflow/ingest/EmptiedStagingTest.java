package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.staging.StagingArea;
import io.streamflow.ingest.publish.MonthPublisher;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL crash empties unlogged staging; the publisher asks {@link StagingArea#emptied} before it writes,
 * so that a month whose staged rows are gone is refused instead of published short.
 */
class EmptiedStagingTest {

    @TempDir
    Path work;

    @Test
    void aPartitionEmptiedOrGoneAfterRowsWereStagedIsNamed() throws Exception {
        TableContract users = ExpectationSuite.load(Path.of("config/expectations.yml")).table("users");
        TableContract labels = ExpectationSuite.load(Path.of("config/expectations.yml")).table("labels");
        try (TestDatabase db = TestDatabase.create()) {
            assertThat(Streamflow.migrate(db.properties(work))).isZero();
            JdbcTemplate jdbc = db.jdbc();
            long run = 42;
            StagingArea.prepare(jdbc, users.stagingTable(), run);
            StagingArea.prepare(jdbc, labels.stagingTable(), run);
            jdbc.update("INSERT INTO staging_users (run_id, line_no, user_id) VALUES (?, 2, 'u1')", run);

            assertThat(StagingArea.emptied(jdbc, Map.of(users, 1L, labels, 0L), run))
                    .as("rows staged and there; none staged into labels").isEmpty();

            // what crash recovery does to an unlogged table: its data is gone, the table stays
            jdbc.execute("TRUNCATE " + StagingArea.partition(users.stagingTable(), run));
            assertThat(StagingArea.emptied(jdbc, Map.of(users, 1L, labels, 0L), run)).containsExactly("users");

            StagingArea.drop(jdbc, users.stagingTable(), run);
            assertThat(StagingArea.emptied(jdbc, Map.of(users, 1L), run)).as("partition gone").containsExactly("users");
        }
    }

    @Test
    void aPublishWhoseStagedRowsAreGoneRefusesTheMonthAndWritesNothing() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Main app = Streamflow.application(true, db.properties(work));
            app.start();
            try {
                var registry = app.getCamelContext().getRegistry();
                RunLog runLog = registry.lookupByNameAndType("runLog", RunLog.class);
                MonthPublisher publisher = registry.lookupByNameAndType("monthPublisher", MonthPublisher.class);
                LocalDate asOf = LocalDate.parse("2024-01-31");
                long run = runLog.openRun("month_000", asOf, "ingest");
                // a verdict that passed the gate for rows staged into partitions a crash has since emptied
                StagingArea.prepare(db.jdbc(), "staging_users", run);
                Map<String, Map<String, Long>> rows = new java.util.LinkedHashMap<>();
                ExpectationSuite.TABLES.forEach(t -> rows.put(t, Map.of("read", 3L, "staged", 3L)));
                MonthVerdict passed = new MonthVerdict(run, "month_000", asOf, "ingest", RunStatus.VALIDATING, List.of(),
                        rows, Map.of(), "3:0", null, Map.of(), null);

                MonthVerdict done = publisher.publish(passed);

                assertThat(done.status()).isEqualTo(RunStatus.REJECTED);
                assertThat(done.summary()).contains("users", "labels", "drop the folder again");
                assertThat(db.jdbc().queryForObject("SELECT count(*) FROM users", Long.class)).isZero();
                assertThat(db.jdbc().queryForObject("SELECT count(*) FROM usage_agg_30d_snapshots", Long.class)).isZero();
            } finally {
                app.stop();
            }
        }
    }
}
