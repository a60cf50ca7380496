package io.streamflow.ingest.staging;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.TableContract;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The run partitions of the staging tables (db/V5): staging_TABLE_rRUN, unlogged, created when the run's file
 * of that table arrives, analyzed before the gate reads them, dropped once the run is decided. Every name
 * is built from a contract table name and a run id, never from input.
 */
public final class StagingArea {

    private StagingArea() {
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
    public static void prepare(JdbcTemplate jdbc, String stagingTable, long runId) {
        String partition = partition(stagingTable, runId);
        jdbc.execute("DO $$ BEGIN "
                + "IF to_regclass('" + partition + "') IS NULL THEN "
                + "CREATE UNLOGGED TABLE " + partition + " (LIKE " + stagingTable + " INCLUDING ALL); "
                + "ALTER TABLE " + stagingTable + " ATTACH PARTITION " + partition + " FOR VALUES IN (" + runId + "); "
                + "ELSE TRUNCATE " + partition + "; END IF; END $$");
    }

    /**
     * Planner statistics for the run's partitions: without them the gate's joins run as nested loops. The
     * gate needs row counts and rough distinct counts, not histograms: a sample of 3000 rows per partition
     * (statistics target 10) instead of the default 30000 makes ANALYZE about ten times cheaper at 100000 rows.
     */
    public static void analyze(JdbcTemplate jdbc, List<String> stagingTables, long runId) {
        List<String> existing = stagingTables.stream().map(t -> partition(t, runId))
                .filter(p -> Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, p)))
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
    public static List<String> emptied(JdbcTemplate jdbc, Map<TableContract, Long> staged, long runId) {
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
    public static void drop(JdbcTemplate jdbc, String stagingTable, long runId) {
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
