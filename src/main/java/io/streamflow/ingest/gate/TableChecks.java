package io.streamflow.ingest.gate;

import java.util.ArrayList;
import java.util.List;

import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.RunLog;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The table checks of a staged month, in SQL over the run's own staging partitions (nothing live is read, so they
 * may run before the month before it is published):
 * <ul>
 *   <li>{@code unique}: user_id is unique in the file;</li>
 *   <li>{@code references_users}: every user_id of the file is among the month's users (users.csv);</li>
 *   <li>{@code coverage}: every user of the month has a row in the file.</li>
 * </ul>
 * With references and coverage, each table of a month holds exactly the users of its users.csv: a file cut short
 * at a row boundary cannot pass. The failing lines (or users) are looked up only when there are some.
 */
final class TableChecks {

    private final JdbcTemplate jdbc;

    TableChecks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The checks of one table.
     *
     * @param users the month's users file, or null when it was not staged readably (the month is refused anyway)
     */
    List<ExpectationResult> run(long runId, TableContract table, RunLog.StagedFile file, RunLog.StagedFile users) {
        List<ExpectationResult> results = new ArrayList<>(unique(runId, table, file));
        if (!table.isUsers() && users != null) {
            results.addAll(membership(runId, table, file, users));
        }
        return results;
    }

    /**
     * user_id unique in the file, from one pass over the run's partition that also counts the staged rows: fewer
     * than staged_files recorded means the unlogged partition lost them (a server crash), and the month is refused
     * rather than published short.
     */
    private List<ExpectationResult> unique(long runId, TableContract table, RunLog.StagedFile file) {
        // a sort in byte order costs half of a hash aggregate over a million distinct user_ids (which spills)
        long[] counts = jdbc.queryForObject("SELECT count(*), count(*) - count(DISTINCT user_id COLLATE \"C\") FROM "
                        + table.stagingTable() + " WHERE run_id = ?",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId);
        List<ExpectationResult> results = new ArrayList<>();
        if (counts[0] != file.rowsStaged()) {
            results.add(new ExpectationResult(table.name(), "", Rule.STAGED_ROWS.id(),
                    "the " + file.rowsStaged() + " rows staged from " + table.fileName() + " are all still in staging ("
                            + counts[0] + " found; unlogged staging is emptied by a database crash: drop the folder again)",
                    Math.abs(file.rowsStaged() - counts[0]), file.rowsStaged(), 1.0, false, false, List.of()));
        }
        List<Object[]> found = counts[1] == 0 ? List.of() : jdbc.query("SELECT line_no, user_id, count(*) OVER () FROM ("
                        + "SELECT line_no, user_id, row_number() OVER (PARTITION BY user_id ORDER BY line_no) AS nth "
                        + "FROM " + table.stagingTable() + " WHERE run_id = ?) d WHERE nth > 1 ORDER BY line_no LIMIT "
                        + ExpectationResult.MAX_EXAMPLES,
                (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getLong(3)}, runId);
        results.add(setResult(table, Rule.UNIQUE, "user_id is unique in " + table.fileName(), found, file.rowsRead(),
                table.thresholds().unique()));
        return results;
    }

    /**
     * references_users and coverage from one hash full join of the file's user_ids with the month's users; the
     * examples are read only for a check that failed.
     */
    private List<ExpectationResult> membership(long runId, TableContract table, RunLog.StagedFile file,
                                               RunLog.StagedFile users) {
        long[] missing = jdbc.queryForObject("SELECT count(*) FILTER (WHERE u.user_id IS NULL), "
                        + "count(*) FILTER (WHERE s.user_id IS NULL) FROM (SELECT user_id FROM " + table.stagingTable()
                        + " WHERE run_id = ?) s FULL JOIN (SELECT user_id FROM staging_users WHERE run_id = ?) u"
                        + " ON u.user_id = s.user_id",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId, runId);
        List<Object[]> orphans = missing[0] == 0 ? List.of() : jdbc.query("SELECT s.line_no, s.user_id, ? FROM "
                        + table.stagingTable() + " s WHERE s.run_id = ? AND NOT EXISTS (SELECT 1 FROM staging_users u"
                        + " WHERE u.run_id = s.run_id AND u.user_id = s.user_id) ORDER BY s.line_no LIMIT "
                        + ExpectationResult.MAX_EXAMPLES,
                (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getLong(3)}, missing[0], runId);
        // a missing row has no line of its own: the examples name the users (line 0, the user_id as value)
        List<Object[]> uncovered = missing[1] == 0 ? List.of() : jdbc.query("SELECT 0, u.user_id, ? FROM staging_users u"
                        + " WHERE u.run_id = ? AND NOT EXISTS (SELECT 1 FROM " + table.stagingTable() + " s"
                        + " WHERE s.run_id = u.run_id AND s.user_id = u.user_id) ORDER BY u.line_no LIMIT "
                        + ExpectationResult.MAX_EXAMPLES,
                (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getLong(3)}, missing[1], runId);
        return List.of(
                setResult(table, Rule.REFERENCES_USERS, "every user_id of " + table.fileName() + " is in this month's users.csv",
                        orphans, file.rowsRead(), table.thresholds().references()),
                setResult(table, Rule.COVERAGE, "every user of this month's users.csv has a row in " + table.fileName(),
                        uncovered, users.rowsStaged(), table.thresholds().coverage()));
    }

    private static ExpectationResult setResult(TableContract table, Rule rule, String description,
                                               List<Object[]> found, long checked, double mostly) {
        long failures = found.isEmpty() ? 0 : (Long) found.get(0)[2];
        List<ExpectationResult.Example> examples = found.stream()
                .map(r -> new ExpectationResult.Example((Integer) r[0], TableContract.KEY, (String) r[1])).toList();
        double observed = checked == 0 ? 1.0 : (double) (checked - failures) / checked;
        return new ExpectationResult(table.name(), TableContract.KEY, rule.id(), description, failures, checked, mostly,
                failures == 0 || observed >= mostly, false, examples);
    }
}
