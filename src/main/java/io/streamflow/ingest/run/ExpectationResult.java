package io.streamflow.ingest.run;

import java.util.List;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;

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

    /**
     * True when the gate checked the table's user_ids and leaves none of its staged rows out of the publish:
     * no duplicate and, outside users, no unknown user. Its publishable rows are then all its staged rows.
     */
    public static boolean noStagedRowLeftOut(List<ExpectationResult> results, String table) {
        boolean checked = false;
        for (ExpectationResult r : results) {
            boolean unique = r.rule().equals(Rule.UNIQUE.id());
            if (r.table().equals(table) && (unique || r.rule().equals(Rule.REFERENCES_USERS.id()))) {
                checked |= unique;
                if (r.failures() > 0) {
                    return false;
                }
            }
        }
        return checked;
    }

    /** One line naming the first failed rules with file:line, for the run log and the command line; null when none. */
    public static String summary(List<ExpectationResult> blocking, ExpectationSuite suite) {
        if (blocking.isEmpty()) {
            return null;
        }
        List<String> parts = new java.util.ArrayList<>();
        for (ExpectationResult r : blocking.subList(0, Math.min(3, blocking.size()))) {
            String file = suite.fileOf(r.table());
            String where = r.examples().isEmpty() || r.examples().get(0).line() == 0 ? file
                    : file + ":" + r.examples().get(0).line();
            String value = r.examples().isEmpty() || r.examples().get(0).value() == null ? ""
                    : " (value '" + r.examples().get(0).value() + "')";
            parts.add(where + " " + r.id() + " failed" + (r.failures() > 1 ? " " + r.failures() + "x" : "") + value);
        }
        return String.join("; ", parts) + (blocking.size() > 3 ? "; and " + (blocking.size() - 3) + " more" : "");
    }
}
