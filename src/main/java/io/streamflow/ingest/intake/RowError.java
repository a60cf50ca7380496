package io.streamflow.ingest.intake;

import java.util.HashMap;
import java.util.Map;

import io.streamflow.ingest.contract.Rule;

/** One failed check, pointing at a line (1 = header, 0 = the file as a whole) and a column. */
public record RowError(int line, String column, Rule rule, String value) {

    private static final int MAX_VALUE_LENGTH = 200;

    /** The parameters of one staging_errors row, as camel-sql batch inserts them. */
    public Map<String, Object> toRow(long runId, String table) {
        Map<String, Object> row = new HashMap<>();
        row.put("run_id", runId);
        row.put("table_name", table);
        row.put("line_no", line);
        row.put("column_name", column == null ? "" : column);
        row.put("rule", rule.id());
        row.put("value", value == null || value.length() <= MAX_VALUE_LENGTH ? value
                : value.substring(0, MAX_VALUE_LENGTH) + "…");
        return row;
    }
}
