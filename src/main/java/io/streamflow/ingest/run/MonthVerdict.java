package io.streamflow.ingest.run;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known of one run as it is decided, with everything the run log and the report say about it: the gate
 * makes it, the publisher completes it, the finisher records it. Built with {@link #of} and named steps.
 *
 * @param decision     what the month's route does with it next
 * @param rowsPerTable per table: read, staged, and after publishing inserted / updated / deleted / snapshot
 * @param restatesRunId the published run this one replaces, or null
 * @param summary      one line for the run log and the terminal, or null
 */
public record MonthVerdict(long runId, String month, LocalDate asOf, String mode, RunStatus status, Decision decision,
                           List<ExpectationResult> results, Map<String, Map<String, Long>> rowsPerTable,
                           Map<String, String> checksums, String contentSha256, Long restatesRunId,
                           Map<String, Long> stageMillis, String summary) {

    /** What the month's route does with a verdict next. */
    public enum Decision {
        /** The gate passed it: publish it (the publisher may still find it already published). */
        PUBLISH,
        /** Its status is final: record it, report it, tell whoever waits. */
        FINISH,
        /** Recorded and reported, here or by another completion of the same run: nothing more to do. */
        DONE
    }

    public MonthVerdict {
        results = List.copyOf(results);
        rowsPerTable = ordered(rowsPerTable);
        checksums = ordered(checksums);
        stageMillis = ordered(stageMillis);
    }

    /** An unmodifiable copy that keeps the order (tables in publish order, stages in the order they ran). */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** A verdict on a run, built step by step: status, results, rows, checksums, digest... then {@link Builder#build}. */
    public static Builder of(long runId, String month, LocalDate asOf, String mode) {
        return new Builder(runId, month, asOf, mode);
    }

    /** A copy to change. */
    public Builder toBuilder() {
        return new Builder(runId, month, asOf, mode).status(status).decision(decision).results(results)
                .rowsPerTable(rowsPerTable).checksums(checksums).contentSha256(contentSha256).restates(restatesRunId)
                .stageMillis(stageMillis).summary(summary);
    }

    /** This verdict with another final status and summary, to be finished. */
    public MonthVerdict finished(RunStatus newStatus, String newSummary) {
        return toBuilder().status(newStatus).decision(Decision.FINISH).summary(newSummary).build();
    }

    public List<ExpectationResult> failed() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** The named steps of a verdict; what is not set is empty (null for the digest, the restated run, the summary). */
    public static final class Builder {
        private final long runId;
        private final String month;
        private final LocalDate asOf;
        private final String mode;
        private RunStatus status = RunStatus.VALIDATING;
        private Decision decision = Decision.FINISH;
        private List<ExpectationResult> results = List.of();
        private Map<String, Map<String, Long>> rowsPerTable = Map.of();
        private Map<String, String> checksums = Map.of();
        private String contentSha256;
        private Long restatesRunId;
        private Map<String, Long> stageMillis = Map.of();
        private String summary;

        private Builder(long runId, String month, LocalDate asOf, String mode) {
            this.runId = runId;
            this.month = month;
            this.asOf = asOf;
            this.mode = mode;
        }

        public Builder status(RunStatus value) {
            this.status = value;
            return this;
        }

        public Builder decision(Decision value) {
            this.decision = value;
            return this;
        }

        public Builder results(List<ExpectationResult> value) {
            this.results = value;
            return this;
        }

        public Builder rowsPerTable(Map<String, Map<String, Long>> value) {
            Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
            value.forEach((table, counts) -> copy.put(table, ordered(counts)));
            this.rowsPerTable = copy;
            return this;
        }

        public Builder checksums(Map<String, String> value) {
            this.checksums = value;
            return this;
        }

        public Builder contentSha256(String value) {
            this.contentSha256 = value;
            return this;
        }

        public Builder restates(Long runIdReplaced) {
            this.restatesRunId = runIdReplaced;
            return this;
        }

        public Builder stageMillis(Map<String, Long> value) {
            this.stageMillis = value;
            return this;
        }

        public Builder summary(String value) {
            this.summary = value;
            return this;
        }

        public MonthVerdict build() {
            return new MonthVerdict(runId, month, asOf, mode, status, decision, results, rowsPerTable, checksums,
                    contentSha256, restatesRunId, stageMillis, summary);
        }
    }
}
