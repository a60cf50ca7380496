package io.streamflow.ingest.publish;

import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import io.streamflow.ingest.contract.TableContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Each published month is one partition of each snapshot table, {@code <table>_snapshots_YYYYMMDD} (db/V10): made
 * whole and then attached, instead of inserted row by row into one big btree, and dropped whole when the month is
 * restated or retracted.
 * <p>
 * A month's partitions are made ahead of its publish, side by side and while the publish brings the live tables up to
 * date ({@link #prepare}): each as a table of its own, {@code <table>_snapshots_r<run>}, outside any transaction and
 * attached to nothing, so no reader sees it. The publish transaction then renames and attaches them ({@link #attach}),
 * so the month still appears whole or not at all; what it did not attach (a month found published already, a publish
 * rolled back) is dropped afterwards ({@link #discard}), and a run's leftovers (a process killed between the two) when
 * its staging is cleared. {@link #attach} and {@link #drop} run inside the caller's transaction, under the publish lock.
 */
public class SnapshotPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPartitions.class);
    private static final String LOCK_TIMEOUT = "5s";
    /**
     * The suffix of a users_snapshots partition's BRIN index on as_of, by which latest_user_features finds the newest
     * month's users without parallel workers (db/V17).
     */
    private static final String AS_OF_RANGE = "_as_of_brin";

    private final JdbcTemplate jdbc;
    private final Executor executor;

    /** @param executor makes the prepared tables of a month side by side, each on a connection of its own */
    public SnapshotPartitions(JdbcTemplate jdbc, Executor executor) {
        this.jdbc = jdbc;
        this.executor = executor;
    }

    /** The partition that holds a snapshot table's rows at an as_of. */
    public static String partition(TableContract table, LocalDate asOf) {
        return table.snapshotTable() + "_" + asOf.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** The prepared tables of one run, each with its rows once made (a failure: attach makes it again). */
    public record Prepared(long runId, Map<TableContract, CompletableFuture<Long>> tables) {

        /**
         * Waits until every table is made or failed. Before a partition is dropped: DROP locks the snapshot table
         * exclusively until the transaction ends, and a table still being made LIKE it would wait for that lock
         * while the transaction waits for the table.
         */
        void await() {
            tables.values().forEach(rows -> rows.handle((r, e) -> null).join());
        }

        /** The rows prepared for this table, waiting for them; null when it was not prepared or its making failed. */
        Long rows(TableContract table) {
            CompletableFuture<Long> rows = tables.get(table);
            if (rows == null) {
                return null;
            }
            try {
                return rows.join();
            } catch (CompletionException | CancellationException e) {
                LOG.warn("The snapshot rows of {} for run {} were not prepared ({}): stamped in the publish instead",
                        table.name(), runId, e.getCause() == null ? e : e.getCause().getMessage());
                return null;
            }
        }
    }

    /**
     * Starts making a run's snapshot rows of every table at as_of, side by side, each in a table of its own: created
     * with the snapshot table's columns and a check that every row is at that as_of (so that attaching it reads no
     * row), filled by one INSERT, its key built by one sort, its key's statistics taken. Returns at once.
     */
    public Prepared prepare(List<TableContract> tables, LocalDate asOf, long runId, Predicate<TableContract> allStaged) {
        Map<TableContract, CompletableFuture<Long>> futures = new LinkedHashMap<>();
        for (TableContract table : tables) {
            boolean all = allStaged.test(table);
            futures.put(table, CompletableFuture.supplyAsync(() -> jdbc.execute((ConnectionCallback<Long>) connection -> {
                // a lock held by a publish (it waits for this table) fails this in seconds instead of waiting for
                // ever: the publish then stamps the table itself
                try (Statement session = connection.createStatement()) {
                    session.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
                    try {
                        // a leftover of this run's earlier attempt (a process stopped before its publish) goes first
                        session.execute("DROP TABLE IF EXISTS " + table.preparedSnapshotTable(runId));
                        return make(new JdbcTemplate(new SingleConnectionDataSource(connection, true)), table,
                                table.preparedSnapshotTable(runId), asOf, runId, all);
                    } finally {
                        session.execute("RESET lock_timeout");
                    }
                }
            }), executor));
        }
        return new Prepared(runId, futures);
    }

    /**
     * Stamps a run's rows at as_of, in the caller's transaction: the prepared table, when there is one, renamed to the
     * as_of's partition and attached; otherwise the partition is made here. Returns the rows stamped.
     */
    public long attach(Prepared prepared, TableContract table, LocalDate asOf, long runId, boolean allStaged) {
        String partition = partition(table, asOf);
        Long rows = prepared == null ? null : prepared.rows(table);
        if (rows == null) {
            rows = make(jdbc, table, partition, asOf, runId, allStaged);
        } else {
            String name = table.preparedSnapshotTable(runId);
            jdbc.execute("ALTER TABLE " + name + " RENAME TO " + partition + "; ALTER TABLE " + partition
                    + " RENAME CONSTRAINT " + name + "_pkey TO " + partition + "_pkey");
            if (table.isUsers()) {
                jdbc.execute("ALTER INDEX " + name + AS_OF_RANGE + " RENAME TO " + partition + AS_OF_RANGE);
            }
        }
        jdbc.execute("ALTER TABLE " + table.snapshotTable() + " ATTACH PARTITION " + partition + " FOR VALUES IN (DATE '"
                + asOf + "')");
        return rows;
    }

    /**
     * After a publish, whatever its outcome: waits for what was being prepared, and drops what was not attached. A
     * failure here (the database away) is logged, not thrown, so that it never hides the publish's own outcome; what
     * is left is dropped when the run's staging is cleared.
     */
    public void discard(Prepared prepared) {
        if (prepared != null) {
            prepared.await();
            try {
                for (TableContract table : prepared.tables().keySet()) {
                    jdbc.execute("DROP TABLE IF EXISTS " + table.preparedSnapshotTable(prepared.runId()));
                }
            } catch (RuntimeException e) {
                LOG.warn("The unattached snapshot tables of run {} stay until its staging is cleared: {}",
                        prepared.runId(), e.getMessage());
            }
        }
    }

    /** Takes an as_of out of a snapshot table: its partition dropped. Returns the rows it held (0 without one). */
    public long drop(TableContract table, LocalDate asOf) {
        String partition = partition(table, asOf);
        if (jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, partition) != Boolean.TRUE) {
            return 0;
        }
        long rows = jdbc.queryForObject("SELECT count(*) FROM " + partition, Long.class);
        jdbc.execute("DROP TABLE " + partition);
        return rows;
    }

    private static long make(JdbcTemplate jdbc, TableContract table, String name, LocalDate asOf, long runId,
                             boolean allStaged) {
        String date = "DATE '" + asOf + "'"; // a LocalDate: ISO digits only
        jdbc.execute("CREATE TABLE " + name + " (LIKE " + table.snapshotTable()
                + " INCLUDING DEFAULTS, CHECK (as_of = " + date + "))");
        long rows = jdbc.update(table.snapshotInsertSql(name, allStaged), asOf, runId);
        // the key's statistics from a small sample: what the joins on user_id of the next month's checks and of the
        // training sets need (an ANALYZE of every column costs more than the rest of the stamping at 7043 rows)
        jdbc.execute("ALTER TABLE " + name + " ALTER COLUMN " + TableContract.KEY + " SET STATISTICS 10, ADD PRIMARY KEY ("
                + TableContract.KEY + ", as_of); ANALYZE " + name + " (" + TableContract.KEY + ")");
        if (table.isUsers()) {
            // the partition's part of users_snapshots_as_of_brin (db/V17): built here, attached with the partition
            jdbc.execute("CREATE INDEX " + name + AS_OF_RANGE + " ON " + name + " USING brin (as_of)");
        }
        return rows;
    }
}
