package io.streamflow.ingest.gate;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.RunLog;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A month against the latest published month before it: each table's row count, and the share of that month's
 * users absent from this one. Warnings by default ({@code month_over_month.on_failure: warn}).
 */
final class MonthOverMonth {

    private final ExpectationSuite suite;
    private final JdbcTemplate jdbc;

    MonthOverMonth(ExpectationSuite suite, JdbcTemplate jdbc) {
        this.suite = suite;
        this.jdbc = jdbc;
    }

    List<ExpectationResult> compare(long runId, LocalDate asOf, Map<String, Map<String, Long>> rows) {
        ExpectationSuite.MonthOverMonth limits = suite.monthOverMonth();
        List<Map<String, Object>> previous = jdbc.queryForList("SELECT as_of, rows_per_table::text AS rows "
                + "FROM ingestion_runs WHERE status = 'PUBLISHED' AND as_of < ? ORDER BY as_of DESC, run_id DESC LIMIT 1",
                asOf);
        if (previous.isEmpty()) {
            return List.of();
        }
        LocalDate previousAsOf = ((Date) previous.get(0).get("as_of")).toLocalDate();
        Map<String, Map<String, Long>> previousRows;
        try {
            previousRows = RunLog.JSON.readValue((String) previous.get(0).get("rows"), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("rows_per_table of the month before is not the expected JSON", e);
        }
        boolean warnOnly = !limits.refuse();
        List<ExpectationResult> results = new ArrayList<>();
        for (TableContract table : suite.tables()) {
            long before = previousRows.getOrDefault(table.name(), Map.of()).getOrDefault("staged", 0L);
            long now = rows.getOrDefault(table.name(), Map.of()).getOrDefault("staged", 0L);
            if (before == 0) {
                continue;
            }
            long change = Math.abs(now - before);
            boolean passed = (double) change / before <= limits.maxRowCountChange();
            results.add(new ExpectationResult(table.name(), "", Rule.ROW_COUNT_CHANGE.id(),
                    String.format("row count within %s%% of %s (%d rows then, %d now)",
                            percent(limits.maxRowCountChange()), previousAsOf, before, now),
                    change, before, 1.0 - limits.maxRowCountChange(), passed, warnOnly && !passed, List.of()));
        }
        // an anti-join, planned as a hash over the analyzed partition of staging_users; a LEFT JOIN to its DISTINCT
        // user_ids made every parallel worker hash the month's users again (5 s at a million users)
        long[] dropped = jdbc.queryForObject("SELECT (SELECT count(*) FROM users_snapshots p "
                        + "WHERE p.as_of = ? AND NOT EXISTS (SELECT 1 FROM staging_users u WHERE u.run_id = ? "
                        + "AND u.user_id = p.user_id)), (SELECT count(*) FROM users_snapshots WHERE as_of = ?)",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, previousAsOf, runId, previousAsOf);
        if (dropped[1] > 0) {
            boolean passed = (double) dropped[0] / dropped[1] <= limits.maxUsersDropped();
            results.add(new ExpectationResult(TableContract.USERS, TableContract.KEY, Rule.USERS_DROPPED.id(),
                    String.format("at most %s%% of the users of %s are absent (%d absent: they keep their %s rows)",
                            percent(limits.maxUsersDropped()), previousAsOf, dropped[0], previousAsOf),
                    dropped[0], dropped[1], 1.0 - limits.maxUsersDropped(), passed, warnOnly && !passed, List.of()));
        }
        return results;
    }

    private static String percent(double share) {
        return BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString();
    }
}
