package io.streamflow.ingest.month;

import java.util.List;

/**
 * One expectation as evaluated on a month: what was checked, what was observed, and up to twenty
 * failing examples pointing at file lines.
 *
 * @param failures rows (or columns, for header checks) that failed
 * @param checked  rows the expectation looked at
 * @param warning  true when a failure only warns (month-over-month by default)
 */
public record ExpectationResult(String table, String column, String rule, String description, long failures,
                                long checked, double mostly, boolean passed, boolean warning,
                                List<Example> examples) {

    public static final int MAX_EXAMPLES = 20;

    /** A failing line: file line number (1 = header), column and the value as written. */
    public record Example(int line, String column, String value) {
    }

    public String id() {
        return table + (column == null || column.isEmpty() ? "" : "." + column) + "." + rule;
    }

    /** The share of checked rows that passed, or 1 when nothing was checked. */
    public double observed() {
        return checked == 0 ? (failures == 0 ? 1.0 : 0.0) : (double) (checked - failures) / checked;
    }

    public boolean blocking() {
        return !passed && !warning;
    }
}
