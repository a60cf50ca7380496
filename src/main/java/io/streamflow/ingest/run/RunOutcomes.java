package io.streamflow.ingest.run;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Lets the ingest command wait for the decision on the runs it started. */
public class RunOutcomes {

    private final Map<Long, CompletableFuture<MonthVerdict>> awaited = new ConcurrentHashMap<>();

    public CompletableFuture<MonthVerdict> expect(long runId) {
        return awaited.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    /** The run could not be decided (its decision could not even be written): whoever waits is told why. */
    public void fail(long runId, Throwable cause) {
        CompletableFuture<MonthVerdict> future = awaited.remove(runId);
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }

    public void complete(MonthVerdict verdict) {
        CompletableFuture<MonthVerdict> future = awaited.remove(verdict.runId());
        if (future != null) {
            future.complete(verdict);
        }
    }
}
