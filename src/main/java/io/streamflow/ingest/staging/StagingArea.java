package io.streamflow.ingest.staging;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.intake.FileIntake;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The staging area of a run, its whole life in one place: the run partitions of the staging tables (db/V7:
 * staging_TABLE_rRUN, unlogged) and its row errors (staging_errors). A partition is created when the run's file of
 * its table arrives ({@link #open}, a route step after the intake's begin), analyzed before the gate reads it
 * ({@link #analyze}), checked by the publisher ({@link #emptied}) and dropped once the run is decided
 * ({@link #clear}). Every name is built from a contract table name and a run id, never from input.
 */
public final class StagingArea {

    private final ExpectationSuite suite;
    private final JdbcTemplate jdbc;
    private final RowDigests digests;

    public StagingArea(ExpectationSuite suite, JdbcTemplate jdbc, RowDigests digests) {
        this.suite = suite;
        this.jdbc = jdbc;
        this.digests = digests;
    }

    /**
     * Makes the file's table ready to be staged in its run: its partition created or emptied (a file dropped again
     * into its open run replaces what its earlier copy staged), its digest and its recorded row errors reset.
     * Nothing for a file that feeds no table.
     */
    public void open(@ExchangeProperty(FileIntake.PROPERTY) FileIntake file) {
        if (file.table() != null) {
            prepare(file.table(), file.runId());
        }
    }

    /** The table's partition of the run created or emptied, its digest and its recorded row errors reset. */
    public void prepare(TableContract table, long runId) {
        prepare(jdbc, table.stagingTable(), runId);
        digests.reset(runId, table.name());
        jdbc.update("DELETE FROM staging_errors WHERE run_id = ? AND table_name = ?", runId, table.name());
    }

    /** Planner statistics for the run's partitions, before the gate reads them (see below). */
    public void analyze(long runId) {
        analyze(jdbc, suite.tables().stream().map(TableContract::stagingTable).toList(), runId);
    }

    /** The tables whose staged rows are gone since they were staged (see below). */
    public List<String> emptied(Map<TableContract, Long> staged, long runId) {
        return emptied(jdbc, staged, runId);
    }

    /**
     * The run is decided: its partitions and its row errors go, and any snapshot table made for its publish and left
     * unattached (a process stopped between the two); the report and the run log keep the story.
     */
    public void clear(long runId) {
        for (TableContract table : suite.tables()) {
            drop(jdbc, table.stagingTable(), runId);
            jdbc.execute("DROP TABLE IF EXISTS " + table.preparedSnapshotTable(runId));
        }
        jdbc.update("DELETE FROM staging_errors WHERE run_id = ?", runId);
    }

    public static String partition(String stagingTable, long runId) {
        return stagingTable + "_r" + runId;
    }

    /**
     * Creates the run's partition of a staging table, or empties it when it exists (a file dropped again into
     * its open run replaces what its earlier copy staged). One statement, so a partition is never left
     * created but not attached. ATTACH takes a SHARE UPDATE EXCLUSIVE lock on the parent, so it does not
     * wait for a publish that is reading another run's partition.
     */
    static void prepare(JdbcTemplate jdbc, String stagingTable, long runId) {
        String partition = partition(stagingTable, runId);
        jdbc.execute("DO $$ BEGIN "
                + "IF to_regclass('" + partition + "') IS NULL THEN "
                + "CREATE UNLOGGED TABLE " + partition + " (LIKE " + stagingTable + " INCLUDING ALL); "
                + "ALTER TABLE " + stagingTable + " ATTACH PARTITION " + partition + " FOR VALUES IN (" + runId + "); "
                + "ELSE TRUNCATE " + partition + "; END IF; END $$");
    }

    /**
     * Planner statistics for the staging tables the run wrote: without them the gate's joins run as nested loops.
     * ANALYZE of a partitioned table samples its partitions for the parent's statistics and recurses into each
     * partition (the run's, and those of a run still open beside it). The parents' count: a join of two staging
     * tables on user_id, each pruned to the run's partition, is estimated from them (without them, 200 distinct
     * values: a sorted merge join spilling to disk, four times slower than the hash join at 100000 users). The
     * gate needs row counts and rough distinct counts, not histograms: a sample of 3000 rows per table
     * (statistics target 10) instead of the default 30000 makes ANALYZE about ten times cheaper at 100000 rows.
     */
    static void analyze(JdbcTemplate jdbc, List<String> stagingTables, long runId) {
        List<String> existing = stagingTables.stream()
                .filter(t -> Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
                        partition(t, runId))))
                .toList();
        if (!existing.isEmpty()) {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                // SET LOCAL in a transaction of its own: the setting ends with it, whatever happens
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL default_statistics_target = 10");
                    statement.execute("ANALYZE " + String.join(", ", existing));
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
                return null;
            });
        }
    }

    /**
     * The tables whose run partition was emptied, or is gone, although rows were staged into it: a crash of the
     * PostgreSQL server resets unlogged tables to empty (size 0) on recovery, whatever was written to them.
     *
     * @param staged rows staged per contract table, as recorded for the run
     */
    static List<String> emptied(JdbcTemplate jdbc, Map<TableContract, Long> staged, long runId) {
        return staged.entrySet().stream().filter(e -> e.getValue() > 0)
                .filter(e -> {
                    Long bytes = jdbc.queryForObject("SELECT pg_relation_size(to_regclass(?))", Long.class,
                            partition(e.getKey().stagingTable(), runId));
                    return bytes == null || bytes == 0;
                })
                .map(e -> e.getKey().name()).toList();
    }

    /**
     * Drops the run's partitions. DETACH ... CONCURRENTLY takes only a SHARE UPDATE EXCLUSIVE lock on the
     * parent, so staging of other runs goes on meanwhile (a plain DROP would lock the parent exclusively and
     * wait for any publish reading it); a detach left pending by an interruption is finalized.
     */
    static void drop(JdbcTemplate jdbc, String stagingTable, long runId) {
        String partition = partition(stagingTable, runId);
        Boolean pending = jdbc.query("SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = to_regclass(?)",
                rs -> rs.next() ? rs.getBoolean(1) : null, partition);
        if (pending != null) {
            jdbc.execute("ALTER TABLE " + stagingTable + " DETACH PARTITION " + partition
                    + (pending ? " FINALIZE" : " CONCURRENTLY"));
        }
        jdbc.execute("DROP TABLE IF EXISTS " + partition);
    }
}
