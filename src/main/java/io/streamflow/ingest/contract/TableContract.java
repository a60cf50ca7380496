package io.streamflow.ingest.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one monthly file must look like and where its rows go: the staging table, the live table
 * and (for four tables) the snapshot table. Every SQL identifier used on a table comes from here,
 * never from input.
 */
public final class TableContract {

    /** Live table -> snapshot table and the live columns it freezes at as_of (the original DDL). */
    private static final Map<String, Map.Entry<String, List<String>>> SNAPSHOTS = Map.of(
            "subscriptions", Map.entry("subscriptions_profile_snapshots", List.of(
                    "months_active", "monthly_fee", "paperless_billing", "plan_stream_tv",
                    "plan_stream_movies", "net_service")),
            "usage_agg_30d", Map.entry("usage_agg_30d_snapshots", List.of(
                    "watch_hours_30d", "avg_session_mins_7d", "unique_devices_30d", "skips_7d",
                    "rebuffer_events_7d")),
            "payments_agg_90d", Map.entry("payments_agg_90d_snapshots", List.of("failed_payments_90d")),
            "support_agg_90d", Map.entry("support_agg_90d_snapshots", List.of(
                    "support_tickets_90d", "ticket_avg_resolution_hrs_90d")));

    public static final String KEY = "user_id";
    public static final String USERS = "users";

    private final String name;
    private final String fileName;
    private final Map<String, Column> columns;
    private final double uniqueMostly;
    private final double referencesMostly;

    public TableContract(String name, String fileName, List<Column> columns, double uniqueMostly,
                         double referencesMostly) {
        this.name = name;
        this.fileName = fileName;
        this.columns = new LinkedHashMap<>();
        columns.forEach(c -> this.columns.put(c.name(), c));
        this.uniqueMostly = uniqueMostly;
        this.referencesMostly = referencesMostly;
    }

    public String name() {
        return name;
    }

    public String fileName() {
        return fileName;
    }

    public List<Column> columns() {
        return List.copyOf(columns.values());
    }

    public Column column(String columnName) {
        return columns.get(columnName);
    }

    public double uniqueMostly() {
        return uniqueMostly;
    }

    public double referencesMostly() {
        return referencesMostly;
    }

    public boolean isUsers() {
        return USERS.equals(name);
    }

    public String stagingTable() {
        return "staging_" + name;
    }

    public boolean hasSnapshot() {
        return SNAPSHOTS.containsKey(name);
    }

    public String snapshotTable() {
        return SNAPSHOTS.get(name).getKey();
    }

    /**
     * The rows of a run that may be published: one per user (the last line wins where the unique
     * expectation allowed duplicates), and outside users only rows whose user exists. Parameter: run id
     * (twice for tables other than users).
     */
    public String publishableRowsSql() {
        String where = "s.run_id = ?";
        if (!isUsers()) {
            where += " AND (EXISTS (SELECT 1 FROM staging_users u WHERE u.run_id = s.run_id AND u.user_id = s.user_id)"
                    + " OR EXISTS (SELECT 1 FROM users u WHERE u.user_id = s.user_id))";
        }
        return "SELECT DISTINCT ON (s.user_id) " + prefixed("s.", columnNames()) + " FROM " + stagingTable() + " s"
                + " WHERE " + where + " ORDER BY s.user_id, s.line_no DESC";
    }

    /**
     * The publishable rows when the gate found none to leave out (user_id unique and, outside users, every user
     * known): all the run's staged rows, without the sort and the lookups of {@link #publishableRowsSql()}.
     * Parameter: run id.
     */
    public String stagedRowsSql() {
        return "SELECT " + prefixed("s.", columnNames()) + " FROM " + stagingTable() + " s WHERE s.run_id = ?";
    }

    private String rowsSql(boolean allStaged) {
        return allStaged ? stagedRowsSql() : publishableRowsSql();
    }

    /**
     * Set-based update of the live rows whose values differ from the run's (unchanged rows are not rewritten);
     * the key is never changed, so no foreign-key check runs. With {@link #liveInsertSql}, the publisher's upsert.
     * Parameter: run id.
     *
     * @param allStaged the gate found every staged row publishable, see {@link #stagedRowsSql()}
     */
    public String liveUpdateSql(boolean allStaged) {
        List<String> values = columnNames().stream().filter(n -> !KEY.equals(n)).toList();
        return "UPDATE " + name + " live SET " + values.stream().map(n -> n + " = src." + n).collect(Collectors.joining(", "))
                + " FROM (" + rowsSql(allStaged) + ") src WHERE live." + KEY + " = src." + KEY
                + " AND (" + prefixed("live.", values) + ") IS DISTINCT FROM (" + prefixed("src.", values) + ")";
    }

    /**
     * Set-based insert of the run's rows whose user_id is not live yet. A plain INSERT, not INSERT ... ON CONFLICT:
     * the publisher is the only writer of the live tables and holds its lock, so no row can appear in between, and a
     * conflict would be a defect that fails the publish transaction (ON CONFLICT costs a speculative insertion per
     * row, a third of the time of a month's first load). Parameter: run id.
     *
     * @param allStaged the gate found every staged row publishable, see {@link #stagedRowsSql()}
     */
    public String liveInsertSql(boolean allStaged) {
        List<String> names = columnNames();
        return "INSERT INTO " + name + " (" + String.join(", ", names) + ") SELECT " + prefixed("src.", names)
                + " FROM (" + rowsSql(allStaged) + ") src WHERE NOT EXISTS (SELECT 1 FROM " + name + " live WHERE live."
                + KEY + " = src." + KEY + ")";
    }

    /**
     * Stamps a run's rows into the snapshot table at as_of. A plain INSERT: the publisher writes an as_of only
     * when no published run holds it, and a restatement deletes the replaced run's rows first, so a conflict
     * would be a defect and fails the publish transaction (ON CONFLICT costs a speculative insertion per row).
     * Parameters: as_of, run id.
     */
    public String snapshotInsertSql(boolean allStaged) {
        List<String> snapshotColumns = SNAPSHOTS.get(name).getValue();
        return "INSERT INTO " + snapshotTable() + " (user_id, as_of, " + String.join(", ", snapshotColumns) + ")"
                + " SELECT user_id, CAST(? AS DATE), " + String.join(", ", snapshotColumns)
                + " FROM (" + rowsSql(allStaged) + ") src";
    }

    public List<String> columnNames() {
        return new ArrayList<>(columns.keySet());
    }

    private static String prefixed(String prefix, List<String> names) {
        return names.stream().map(n -> prefix + n).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name;
    }
}
