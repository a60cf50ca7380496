package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.intake.StagingArea;
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
}
