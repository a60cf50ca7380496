package io.streamflow.ingest.publish;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import io.streamflow.ingest.contract.TableContract;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each published month is one partition of each snapshot table, {@code <table>_snapshots_YYYYMMDD} (db/V10): made
 * whole and then attached, instead of inserted row by row into one big btree, and dropped whole when the month is
 * restated or retracted. Every method runs inside the caller's transaction, under the publish lock.
 */
public class SnapshotPartitions {

    private final JdbcTemplate jdbc;

    public SnapshotPartitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The partition that holds a snapshot table's rows at an as_of. */
    public static String partition(TableContract table, LocalDate asOf) {
        return table.snapshotTable() + "_" + asOf.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /**
     * Stamps a run's rows at as_of: a new table with the snapshot table's columns and a check that every row is at
     * that as_of (so that attaching it reads no row), filled by one INSERT, its key built by one sort, its key's
     * statistics taken, then attached. Returns the rows stamped.
     */
    public long stamp(TableContract table, LocalDate asOf, long runId, boolean allStaged) {
        String partition = partition(table, asOf);
        String date = "DATE '" + asOf + "'"; // a LocalDate: ISO digits only
        jdbc.execute("CREATE TABLE " + partition + " (LIKE " + table.snapshotTable() + " INCLUDING DEFAULTS, CHECK (as_of = "
                + date + "))");
        long rows = jdbc.update(table.snapshotInsertSql(partition, allStaged), asOf, runId);
        // the key's statistics from a small sample: what the joins on user_id of the next month's checks and of the
        // training sets need (an ANALYZE of every column costs more than the rest of the stamping at 7043 rows)
        jdbc.execute("ALTER TABLE " + partition + " ALTER COLUMN " + TableContract.KEY + " SET STATISTICS 10, ADD PRIMARY KEY ("
                + TableContract.KEY + ", as_of); ANALYZE " + partition + " (" + TableContract.KEY + "); ALTER TABLE "
                + table.snapshotTable() + " ATTACH PARTITION " + partition + " FOR VALUES IN (" + date + ")");
        return rows;
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
}
