package io.streamflow.ingest.intake;

import java.util.List;
import java.util.Map;

/**
 * One chunk of a file after its row checks: the rows that passed (run_id, line_no and the typed values of the
 * contract columns, null for NULL) for staging, and the row errors (staging_errors rows) for the run log.
 */
public record CheckedChunk(List<List<Object>> rows, List<Map<String, Object>> errors) {

    public int passed() {
        return rows.size();
    }

    public int failed() {
        return errors.size();
    }
}
