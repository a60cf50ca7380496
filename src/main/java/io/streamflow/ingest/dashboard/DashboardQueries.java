package io.streamflow.ingest.dashboard;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the dashboard shows, read from the run log and the snapshot_summary_by_as_of view. */
public class DashboardQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Map<String, Long>>> ROWS = new TypeReference<>() {
    };

    private static final String RUNS = "SELECT run_id, month, as_of, mode, status, started_at, finished_at, "
            + "rows_per_table::text, error_summary, report_path FROM ingestion_runs ";

    private final JdbcTemplate jdbc;

    public DashboardQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One attempt at a month, as the run log holds it; finishedAt is null while the run is open. */
    public record Run(long runId, String month, LocalDate asOf, String mode, String status, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, Map<String, Map<String, Long>> rowsPerTable, String errorSummary,
                      String reportPath) {
    }

    /** One published as_of: subscribers stamped and the means whose drift the dashboard charts. */
    public record AsOfSummary(LocalDate asOf, long users, long labelledUsers, BigDecimal churnRate,
                              BigDecimal meanWatchHours, BigDecimal meanFailedPayments,
                              BigDecimal meanSupportTickets) {
    }

    /** The newest runs, newest first. */
    public List<Run> runs(int limit) {
        return jdbc.query(RUNS + "ORDER BY run_id DESC LIMIT ?", this::run, limit);
    }

    private Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4),
                rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                rows(rs.getString(8)), rs.getString(9), rs.getString(10));
    }

    /** The runs of one as_of, newest first. */
    public List<Run> runsOf(LocalDate asOf) {
        return jdbc.query(RUNS + "WHERE as_of = ? ORDER BY run_id DESC", this::run, asOf);
    }

    /** Number of runs per status, over the whole run log. */
    public Map<String, Long> runsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT status, count(*) FROM ingestion_runs GROUP BY status ORDER BY status",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** Every as_of in the snapshot tables, oldest first. */
    public List<AsOfSummary> summaries() {
        return jdbc.query("SELECT as_of, users, labelled_users, churn_rate, mean_watch_hours_30d, "
                        + "mean_failed_payments_90d, mean_support_tickets_90d "
                        + "FROM snapshot_summary_by_as_of ORDER BY as_of",
                (rs, i) -> new AsOfSummary(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3),
                        rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)));
    }

    private static Map<String, Map<String, Long>> rows(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, ROWS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rows_per_table is not the expected JSON: " + json, e);
        }
    }
}
