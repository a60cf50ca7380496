package io.streamflow.ingest.intake;

import java.util.HashMap;
import java.util.Map;

import io.streamflow.ingest.contract.Rule;

/**
 * One failed check, pointing at a line (1 = header, 0 = the file as a whole) and a column. The value is kept as it
 * is shown everywhere (run log, report, terminal, dashboard): control characters escaped, at most
 * {@value #MAX_VALUE_LENGTH} characters.
 */
public record RowError(int line, String column, Rule rule, String value) {

    static final int MAX_VALUE_LENGTH = 100;

    public RowError {
        value = shown(value);
    }

    /** The parameters of one staging_errors row, as camel-sql batch inserts them. */
    public Map<String, Object> toRow(long runId, String table) {
        Map<String, Object> row = new HashMap<>();
        row.put("run_id", runId);
        row.put("table_name", table);
        row.put("line_no", line);
        row.put("column_name", column == null ? "" : column);
        row.put("rule", rule.id());
        row.put("value", value);
        return row;
    }

    /**
     * A value as people are shown it: control characters escaped (a newline as \\n, others as backslash-u escapes),
     * cut to 100 characters.
     */
    static String shown(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH) + 8);
        int i = 0;
        for (; i < value.length() && text.length() < MAX_VALUE_LENGTH; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\\' -> text.append("\\\\");
                default -> {
                    int kind = Character.getType(c);
                    if (kind == Character.CONTROL || kind == Character.LINE_SEPARATOR
                            || kind == Character.PARAGRAPH_SEPARATOR) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        if (i < value.length() || text.length() > MAX_VALUE_LENGTH) {
            text.setLength(Math.min(text.length(), MAX_VALUE_LENGTH));
            if (Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                text.setLength(text.length() - 1);
            }
            text.append('…');
        }
        return text.toString();
    }
}
