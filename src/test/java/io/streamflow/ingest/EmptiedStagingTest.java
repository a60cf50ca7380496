package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.publish.MonthPublisher;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.staging.RowDigests;
import io.streamflow.ingest.staging.StagingArea;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL crash empties unlogged staging; the publisher asks {@link StagingArea#emptied} before it writes,
 * so that a month whose staged rows are gone is refused instead of published short.
 */
@ExtendWith(DatabaseExtension.class)
class EmptiedStagingTest {

    @TempDir
    Path work;

    @Test
    void aPartitionEmptiedOrGoneAfterRowsWereStagedIsNamed(TestDatabase db) throws Exception {
        TableContract users = ExpectationSuite.load(Path.of("config/expectations.yml")).table("users");
        TableContract labels = ExpectationSuite.load(Path.of("config/expectations.yml")).table("labels");
        assertThat(Streamflow.migrate(db.properties(work))).isZero();
        JdbcTemplate jdbc = db.jdbc();
        StagingArea staging = new StagingArea(ExpectationSuite.load(Path.of("config/expectations.yml")), jdbc,
                new RowDigests(new Runs()));
        long run = 42;
        staging.prepare(users, run);
        staging.prepare(labels, run);
        jdbc.update("INSERT INTO staging_users (run_id, line_no, user_id) VALUES (?, 2, 'u1')", run);

        assertThat(staging.emptied(Map.of(users, 1L, labels, 0L), run))
                .as("rows staged and there; none staged into labels").isEmpty();

        // what crash recovery does to an unlogged table: its data is gone, the table stays
        jdbc.execute("TRUNCATE " + StagingArea.partition(users.stagingTable(), run));
        assertThat(staging.emptied(Map.of(users, 1L, labels, 0L), run)).containsExactly("users");

        staging.clear(run);
        assertThat(staging.emptied(Map.of(users, 1L), run)).as("partition gone").containsExactly("users");
    }

    @Test
    void aPublishWhoseStagedRowsAreGoneRefusesTheMonthAndWritesNothing(TestDatabase db) throws Exception {
        Main app = Streamflow.application(true, db.properties(work));
        app.start();
        try {
            var registry = app.getCamelContext().getRegistry();
            RunLog runLog = registry.lookupByNameAndType("runLog", RunLog.class);
            MonthPublisher publisher = registry.lookupByNameAndType("monthPublisher", MonthPublisher.class);
            LocalDate asOf = LocalDate.parse("2024-01-31");
            long run = runLog.openRun("month_000", asOf, "ingest");
            // a verdict that passed the gate for rows staged into partitions a crash has since emptied
            ExpectationSuite suite = registry.lookupByNameAndType("expectationSuite", ExpectationSuite.class);
            registry.lookupByNameAndType("stagingArea", StagingArea.class).prepare(suite.table("users"), run);
            Map<String, Map<String, Long>> rows = new java.util.LinkedHashMap<>();
            suite.tableNames().forEach(t -> rows.put(t, Map.of("read", 3L, "staged", 3L)));
            MonthVerdict passed = MonthVerdict.of(run, "month_000", asOf, "ingest").status(RunStatus.VALIDATING)
                    .decision(MonthVerdict.Decision.PUBLISH).rowsPerTable(rows).contentSha256("3:0").build();

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
