package io.streamflow.ingest.run;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The gate's decision on one run, with everything the run log and the report say about it.
 *
 * @param rowsPerTable per table: read, staged, and after publishing inserted / updated / snapshot
 */
public record MonthVerdict(long runId, String month, LocalDate asOf, String mode, RunStatus status,
                           List<ExpectationResult> results, Map<String, Map<String, Long>> rowsPerTable,
                           Map<String, String> checksums, String contentSha256, Long restatesRunId,
                           Map<String, Long> stageMillis, String summary) {

    public MonthVerdict withStatus(RunStatus newStatus, String newSummary) {
        return new MonthVerdict(runId, month, asOf, mode, newStatus, results, rowsPerTable, checksums, contentSha256,
                restatesRunId, stageMillis, newSummary);
    }

    public boolean publishable() {
        return status == RunStatus.VALIDATING;
    }

    public List<ExpectationResult> failed() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
