package io.streamflow.ingest.contract;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The quality gate, read from one YAML file (config/expectations.yml): the column contract of every
 * table, the row checks, the table checks' thresholds, the month-over-month comparison and the drift
 * threshold of the month reports' column profiles.
 */
public final class ExpectationSuite {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** The drift threshold when the suite names none: the usual "significant shift" of a population stability index. */
    static final double DEFAULT_PSI_WARN = 0.2;

    private final Map<String, TableContract> tables;
    private final MonthOverMonth monthOverMonth;
    private final Drift drift;
    private final String source;

    private ExpectationSuite(Map<String, TableContract> tables, MonthOverMonth monthOverMonth, Drift drift,
                             String source) {
        this.tables = tables;
        this.monthOverMonth = monthOverMonth;
        this.drift = drift;
        this.source = source;
    }

    /** Thresholds against the previous published month; refuse=false means a breach only warns. */
    public record MonthOverMonth(double maxRowCountChange, double maxUsersDropped, boolean refuse) {
    }

    /**
     * The report's drift warning: a column whose population stability index against the previous published month
     * is above psiWarn is named in the month's report. A warning only: drift never refuses a month.
     */
    public record Drift(double psiWarn) {
    }

    public static ExpectationSuite load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    public static ExpectationSuite parse(InputStream in, String source) {
        Object root = new Load(LoadSettings.builder().setLabel(source).build()).loadFromInputStream(in);
        Map<String, Object> doc = map(root, "the suite");
        Map<String, Object> tableDocs = map(doc.get("tables"), "tables");
        // the suite is the one list of the store's tables, in publish order: users first (foreign keys hold)
        require(!tableDocs.isEmpty() && TableContract.USERS.equals(tableDocs.keySet().iterator().next()),
                "tables must start with " + TableContract.USERS + ": the others refer to it");
        Map<String, TableContract> tables = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : tableDocs.entrySet()) {
            require(IDENTIFIER.matcher(entry.getKey()).matches(), entry.getKey() + " is not a table name");
            tables.put(entry.getKey(), table(entry.getKey(), map(entry.getValue(), entry.getKey())));
        }
        Map<String, Object> mom = doc.containsKey("month_over_month")
                ? map(doc.get("month_over_month"), "month_over_month") : Map.of();
        String onFailure = String.valueOf(mom.getOrDefault("on_failure", "warn"));
        require(onFailure.equals("warn") || onFailure.equals("refuse"), "month_over_month.on_failure is warn or refuse");
        MonthOverMonth monthOverMonth = new MonthOverMonth(
                share(mom.getOrDefault("max_row_count_change", 0.10), "max_row_count_change"),
                share(mom.getOrDefault("max_users_dropped", 0.05), "max_users_dropped"),
                onFailure.equals("refuse"));
        return new ExpectationSuite(tables, monthOverMonth, drift(doc), source);
    }

    private static Drift drift(Map<String, Object> doc) {
        Map<String, Object> drift = doc.containsKey("drift") ? map(doc.get("drift"), "drift") : Map.of();
        Set<String> keys = new LinkedHashSet<>(drift.keySet());
        keys.remove("psi_warn");
        require(keys.isEmpty(), "drift: unknown settings " + keys);
        Object psiWarn = drift.getOrDefault("psi_warn", DEFAULT_PSI_WARN);
        require(psiWarn instanceof Number number && number.doubleValue() > 0 && number.doubleValue() <= 10,
                "drift.psi_warn must be a number above 0 and at most 10");
        return new Drift(((Number) psiWarn).doubleValue());
    }

    private static TableContract table(String name, Map<String, Object> doc) {
        Set<String> keys = new LinkedHashSet<>(doc.keySet());
        keys.removeAll(Set.of("file", "snapshot", "columns", "unique_mostly", "references_mostly", "coverage_mostly"));
        require(keys.isEmpty(), name + ": unknown settings " + keys);
        String file = String.valueOf(doc.getOrDefault("file", name + ".csv"));
        require(file.matches("[a-z0-9_]+\\.csv"), name + ".file must be a plain .csv name");
        String snapshot = String.valueOf(doc.get("snapshot"));
        require(doc.containsKey("snapshot") && IDENTIFIER.matcher(snapshot).matches(),
                name + ".snapshot must name its snapshot table");
        Map<String, Object> columnDocs = map(doc.get("columns"), name + ".columns");
        List<Column> columns = new ArrayList<>();
        for (Map.Entry<String, Object> entry : columnDocs.entrySet()) {
            String column = entry.getKey();
            require(IDENTIFIER.matcher(column).matches(), name + ": " + column + " is not a column name");
            columns.add(column(name + "." + column, column, map(entry.getValue(), name + "." + column)));
        }
        require(columnDocs.containsKey(TableContract.KEY), name + " has no " + TableContract.KEY + " column");
        Column key = columns.stream().filter(c -> c.name().equals(TableContract.KEY)).findFirst().orElseThrow();
        require(!key.nullable() && !key.optional() && key.type() == ColumnType.TEXT && key.maxLength() <= 64,
                name + ".user_id must be required, non-null text of at most 64 characters");
        require(columns.size() > 1, name + " needs a column besides user_id");
        require(!name.equals(TableContract.USERS) || (!doc.containsKey("references_mostly") && !doc.containsKey("coverage_mostly")),
                "users has no references or coverage check: it is the month's list of users");
        return new TableContract(name, file, snapshot, columns, new TableContract.Thresholds(
                share(doc.getOrDefault("unique_mostly", 1.0), name + ".unique_mostly"),
                share(doc.getOrDefault("references_mostly", 1.0), name + ".references_mostly"),
                share(doc.getOrDefault("coverage_mostly", 1.0), name + ".coverage_mostly")));
    }

    private static Column column(String where, String name, Map<String, Object> doc) {
        Set<String> keys = new LinkedHashSet<>(doc.keySet());
        keys.removeAll(Set.of("type", "nullable", "optional", "min", "max", "in", "mostly", "max_length"));
        require(keys.isEmpty(), where + ": unknown settings " + keys);
        ColumnType type;
        try {
            type = ColumnType.valueOf(String.valueOf(doc.get("type")).toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expectation suite: " + where
                    + ": type must be one of text, integer, decimal, boolean, date");
        }
        BigDecimal min = null;
        BigDecimal max = null;
        LocalDate earliest = null;
        boolean notAfterAsOf = false;
        if (type.isNumeric()) {
            // physically plausible bounds: what passes them always loads, and no value is absurd
            require(doc.containsKey("min") && doc.containsKey("max"), where + ": a number column declares min and max");
            min = number(doc.get("min"), where + ".min");
            max = number(doc.get("max"), where + ".max");
            require(min.compareTo(max) <= 0, where + ": min is above max");
        } else if (type == ColumnType.DATE) {
            if (doc.containsKey("min")) {
                earliest = date(doc.get("min"), where + ".min");
            }
            if (doc.containsKey("max")) {
                require("as_of".equals(String.valueOf(doc.get("max"))), where + ".max of a date column is as_of");
                notAfterAsOf = true;
            }
        } else {
            require(!doc.containsKey("min") && !doc.containsKey("max"), where + ": min/max need a number or date column");
        }
        int maxLength = Column.DEFAULT_MAX_LENGTH;
        if (doc.containsKey("max_length")) {
            require(type == ColumnType.TEXT && doc.get("max_length") instanceof Integer length && length > 0,
                    where + ".max_length is a positive whole number, for a text column");
            maxLength = (Integer) doc.get("max_length");
        }
        Set<String> allowed = new LinkedHashSet<>();
        if (doc.containsKey("in")) {
            require(doc.get("in") instanceof List<?>, where + ".in must be a list");
            ((List<?>) doc.get("in")).forEach(v -> allowed.add(String.valueOf(v)));
        }
        return new Column(name, type, bool(doc, "nullable", where), bool(doc, "optional", where), min, max, earliest,
                notAfterAsOf, maxLength, Set.copyOf(allowed), share(doc.getOrDefault("mostly", 1.0), where + ".mostly"));
    }

    private static BigDecimal number(Object value, String where) {
        try {
            return new BigDecimal(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expectation suite: " + where + " is not a number");
        }
    }

    private static LocalDate date(Object value, String where) {
        try {
            return LocalDate.parse(String.valueOf(value));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("expectation suite: " + where + " is not a date YYYY-MM-DD");
        }
    }

    private static boolean bool(Map<String, Object> doc, String key, String where) {
        Object value = doc.getOrDefault(key, false);
        require(value instanceof Boolean, where + "." + key + " must be true or false");
        return (Boolean) value;
    }

    private static double share(Object value, String where) {
        require(value instanceof Number, where + " must be a number between 0 and 1");
        double share = ((Number) value).doubleValue();
        require(share >= 0 && share <= 1, where + " must be between 0 and 1");
        return share;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        require(value instanceof Map<?, ?>, where + " must be a mapping");
        return (Map<String, Object>) value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("expectation suite: " + message);
        }
    }

    public List<TableContract> tables() {
        return List.copyOf(tables.values());
    }

    /** The table names, in publish order (users first). */
    public List<String> tableNames() {
        return List.copyOf(tables.keySet());
    }

    public boolean hasTable(String name) {
        return tables.containsKey(name);
    }

    public TableContract table(String name) {
        TableContract table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table " + name);
        }
        return table;
    }

    /** The table a file of a month folder feeds, or null for a file the contract does not know. */
    public TableContract tableForFile(String fileName) {
        return tables.values().stream().filter(t -> t.fileName().equals(fileName)).findFirst().orElse(null);
    }

    /** The file a result's table comes from; results about the month or an unexpected file keep their name. */
    public String fileOf(String table) {
        TableContract contract = tables.get(table);
        return contract == null ? table : contract.fileName();
    }

    public MonthOverMonth monthOverMonth() {
        return monthOverMonth;
    }

    public Drift drift() {
        return drift;
    }

    public String source() {
        return source;
    }
}
