package io.streamflow.ingest.publish;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The snapshot tables are the history, and each live table is its newest row per user. A month newer than every
 * published one reaches the live tables straight from staging (MonthPublisher); anything else that changes the
 * history (a backfill, a restatement, a retraction) names the users it touches, changes the snapshots, then
 * re-derives those users' live rows from their newest snapshot rows: updated where they differ, inserted where
 * missing, deleted where no snapshot row is left. Every method runs inside the caller's transaction.
 */
public class LiveHistory {

    private final ExpectationSuite suite;
    private final JdbcTemplate jdbc;
    private final SnapshotPartitions partitions;

    public LiveHistory(ExpectationSuite suite, JdbcTemplate jdbc, SnapshotPartitions partitions) {
        this.suite = suite;
        this.jdbc = jdbc;
        this.partitions = partitions;
    }

    /**
     * Makes the caller the only writer of the history and the live tables until its transaction ends, whatever the
     * number of instances and commands: publishes and retractions take turns.
     */
    public void lock() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext('streamflow.publish'))", Object.class);
    }

    /** Starts an empty set of affected users, dropped at the end of the transaction. */
    public void beginAffected() {
        jdbc.execute("DROP TABLE IF EXISTS pg_temp." + TableContract.AFFECTED);
        jdbc.execute("CREATE TEMPORARY TABLE " + TableContract.AFFECTED + " (" + TableContract.KEY
                + " TEXT COLLATE \"C\" PRIMARY KEY) ON COMMIT DROP"); // the key's byte order, as in the tables (V14)
    }

    /** Takes the rows stamped at an as_of out of every snapshot table (its partitions); their users become affected. */
    public long unstamp(LocalDate asOf) {
        long removed = 0;
        for (TableContract table : suite.tables()) {
            jdbc.update(table.stampedUsersSql(), asOf);
            removed += partitions.drop(table, asOf);
        }
        return removed;
    }

    /** The users of a run's publishable rows of one table become affected. */
    public void addStaged(TableContract table, long runId, boolean allStaged) {
        jdbc.update(table.stagedUsersSql(allStaged), runId);
    }

    /**
     * Re-derives the live rows of the affected users from the snapshots: updates and inserts users first (foreign
     * keys hold), deletes the other tables first. Returns per table the rows updated, inserted and deleted.
     */
    public Map<String, Map<String, Long>> reconcile() {
        jdbc.execute("ANALYZE " + TableContract.AFFECTED);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (TableContract table : suite.tables()) {
            Map<String, Long> tableCounts = new LinkedHashMap<>();
            tableCounts.put("updated", (long) jdbc.update(table.reconcileUpdateSql()));
            tableCounts.put("inserted", (long) jdbc.update(table.reconcileInsertSql()));
            counts.put(table.name(), tableCounts);
        }
        List<TableContract> childrenFirst = new ArrayList<>(suite.tables());
        Collections.reverse(childrenFirst);
        for (TableContract table : childrenFirst) {
            counts.get(table.name()).put("deleted", (long) jdbc.update(table.reconcileDeleteSql()));
        }
        return counts;
    }
}
