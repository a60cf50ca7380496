package io.streamflow.ingest.finish;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.ColumnType;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.finish.MonthProfile.Kind;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL behind a {@link MonthProfile}, set-based, two passes over a month's rows of a table: one aggregate (row and
 * non-null counts, min, max, mean, and for the previous month its deciles), and one GROUPING SETS pass that counts every
 * column's bins at once: the previous month's deciles of numbers and dates (width_bucket), and the values of text and
 * booleans, those with few possible values (booleans, text with an {@code in} list) under one composite key whose counts
 * are summed per column here. Identifiers come from the table contract; the run id, the dates and the deciles are bound
 * parameters.
 */
final class ProfileQueries {

    /** Values counted one by one per column of free text; the rest of such a column is one bin "other". */
    static final int COUNTED_VALUES = 50;
    /** The most value combinations the composite key of the few-valued columns may have. */
    private static final long COMPOSITE_LIMIT = 10_000;
    private static final String DECILES = "ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]";

    /** Where a month's rows of a table are read: one SELECT with one parameter. */
    record Rows(String sql, Object parameter) {
        /** The rows a run staged (its partition of staging_TABLE). */
        static Rows staged(TableContract table, long runId) {
            return new Rows("SELECT " + String.join(", ", table.columnNames()) + " FROM " + table.stagingTable()
                    + " WHERE run_id = ?", runId);
        }

        /** The rows stamped at an as_of in the table's snapshots. */
        static Rows published(TableContract table, LocalDate asOf) {
            return new Rows("SELECT " + String.join(", ", table.columnNames()) + " FROM " + table.snapshotTable()
                    + " WHERE as_of = ?", asOf);
        }
    }

    /** One month's aggregates of a column: non-null count, and min, max, mean where its kind has them. */
    record Aggregates(long rows, long values, Object min, Object max, BigDecimal mean) {
    }

    /**
     * One month of a table: per column its aggregates, its rows per bin (the NULL bin under a null key) and, when asked
     * for, its deciles (a PostgreSQL array literal, null when the column has no value).
     */
    record Month(long rows, Map<String, Aggregates> aggregates, Map<String, Map<String, Long>> bins,
                 Map<String, String> deciles) {
    }

    private final JdbcTemplate jdbc;

    ProfileQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static Kind kind(Column column) {
        if (TableContract.KEY.equals(column.name())) {
            return Kind.KEY;
        }
        if (column.type().isNumeric()) {
            return Kind.NUMBER;
        }
        return column.type() == ColumnType.DATE ? Kind.DATE : Kind.CATEGORY;
    }

    /**
     * A month of a table.
     *
     * @param withDeciles also its deciles of numbers and dates, and its numbers and dates binned by them (the previous
     *                    month, whose deciles bin both months)
     * @param cuts        otherwise, the deciles its numbers and dates are binned by, per column; null: not binned
     */
    Month month(TableContract table, Rows rows, boolean withDeciles, Map<String, String> cuts) {
        List<String> select = new ArrayList<>(List.of("count(*)"));
        List<Column> ordered = new ArrayList<>();
        for (Column column : table.columns()) {
            Kind kind = kind(column);
            boolean isOrdered = kind == Kind.NUMBER || kind == Kind.DATE;
            select.add("count(" + column.name() + ")");
            select.add(isOrdered ? "min(" + column.name() + ")::text" : "NULL");
            select.add(isOrdered ? "max(" + column.name() + ")::text" : "NULL");
            select.add(kind == Kind.NUMBER ? "avg(" + column.name() + ")" : "NULL");
            if (isOrdered) {
                ordered.add(column);
            }
        }
        if (withDeciles) {
            ordered.forEach(c -> select.add("(percentile_disc(" + DECILES + ") WITHIN GROUP (ORDER BY " + c.name()
                    + "))::text"));
        }
        Map<String, Aggregates> aggregates = new LinkedHashMap<>();
        Map<String, String> deciles = new HashMap<>();
        long[] rowCount = new long[1];
        jdbc.query("SELECT " + String.join(", ", select) + " FROM (" + rows.sql() + ") s", rs -> {
            rowCount[0] = rs.getLong(1);
            int at = 2;
            for (Column column : table.columns()) {
                boolean number = kind(column) == Kind.NUMBER;
                String min = rs.getString(at + 1);
                String max = rs.getString(at + 2);
                aggregates.put(column.name(), new Aggregates(rowCount[0], rs.getLong(at),
                        number && min != null ? new BigDecimal(min) : min, number && max != null ? new BigDecimal(max) : max,
                        rs.getBigDecimal(at + 3)));
                at += 4;
            }
            for (int i = 0; withDeciles && i < ordered.size(); i++) {
                deciles.put(ordered.get(i).name(), rs.getString(at + i));
            }
        }, rows.parameter());
        return new Month(rowCount[0], aggregates, bins(table, rows, withDeciles ? deciles : cuts), deciles);
    }

    /** Per column: rows per bin, the NULL bin under a null key; free text at most its most frequent values. */
    private Map<String, Map<String, Long>> bins(TableContract table, Rows rows, Map<String, String> cuts) {
        List<Column> keys = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        List<String> composite = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        long combinations = 1;
        for (Column column : table.columns()) {
            Kind kind = kind(column);
            String key = "k" + keys.size();
            if (kind == Kind.KEY || (kind != Kind.CATEGORY && cuts == null)) {
                continue;
            }
            if (kind == Kind.CATEGORY) {
                expressions.add(column.name() + " AS " + key);
                long values = column.type() == ColumnType.BOOLEAN ? 3 : column.allowed().isEmpty() ? 0
                        : column.allowed().size() + 2;
                if (values > 0 && combinations * values <= COMPOSITE_LIMIT) {
                    combinations *= values;
                    composite.add(key);
                } else {
                    sets.add("(" + key + ")");
                }
            } else {
                String type = column.type() == ColumnType.DATE ? "date" : column.type() == ColumnType.INTEGER
                        ? "integer" : "numeric";
                // a sub-select: the deciles are read once, not for every row
                expressions.add("width_bucket(" + column.name() + ", (SELECT CAST(? AS " + type + "[]))) AS " + key);
                parameters.add(cuts.get(column.name()));
                sets.add("(" + key + ")");
            }
            keys.add(column);
        }
        Map<String, Map<String, Long>> bins = new HashMap<>();
        if (keys.isEmpty()) {
            return bins;
        }
        if (!composite.isEmpty()) {
            sets.add("(" + String.join(", ", composite) + ")");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            names.add("k" + i);
        }
        // GROUPING(k0, ..., kN): bit N-i is set when k_i is not a key of the row's grouping set
        String grouping = "GROUPING(" + String.join(", ", names) + ")";
        long compositeMask = 0;
        for (int i = 0; i < keys.size(); i++) {
            compositeMask |= composite.contains(names.get(i)) ? 0 : 1L << (keys.size() - 1 - i);
        }
        String texts = String.join(", ", names.stream().map(k -> k + "::text AS " + k).toList());
        parameters.add(rows.parameter());
        String sql = "SELECT mask, " + String.join(", ", names) + ", n FROM (SELECT " + grouping + " AS mask, " + texts
                + ", count(*) AS n, row_number() OVER (PARTITION BY " + grouping + " ORDER BY count(*) DESC) AS rank "
                + "FROM (SELECT " + String.join(", ", expressions) + " FROM (" + rows.sql() + ") s) keyed "
                + "GROUP BY GROUPING SETS (" + String.join(", ", sets) + ")) counted WHERE rank <= " + COUNTED_VALUES
                + (composite.isEmpty() ? "" : " OR mask = " + compositeMask);
        jdbc.query(sql, rs -> {
            long mask = rs.getLong(1);
            long n = rs.getLong(keys.size() + 2);
            for (int i = 0; i < keys.size(); i++) {
                if ((mask & (1L << (keys.size() - 1 - i))) == 0) {
                    bins.computeIfAbsent(keys.get(i).name(), c -> new HashMap<>())
                            .merge(rs.getString(i + 2), n, Long::sum);
                }
            }
        }, parameters.toArray());
        return bins;
    }
}
