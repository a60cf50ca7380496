package io.streamflow.ingest.month;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Lets the ingest command wait for the decision on the runs it started. */
public class RunOutcomes {

    private final Map<Long, CompletableFuture<MonthVerdict>> awaited = new ConcurrentHashMap<>();

    public CompletableFuture<MonthVerdict> expect(long runId) {
        return awaited.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    public void complete(MonthVerdict verdict) {
        CompletableFuture<MonthVerdict> future = awaited.remove(verdict.runId());
        if (future != null) {
            future.complete(verdict);
        }
    }
}
