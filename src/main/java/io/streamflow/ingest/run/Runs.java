package io.streamflow.ingest.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory state of every open run of this process ({@link RunState}), dropped once when the run is decided. */
public final class Runs {

    private final Map<Long, RunState> runs = new ConcurrentHashMap<>();

    /** The run's state, made on first use. */
    public RunState of(long runId) {
        return runs.computeIfAbsent(runId, id -> new RunState());
    }

    /** The run's state, if this process has one. */
    public Optional<RunState> find(long runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** The run is decided: its decision goes to whoever waits, and its state is dropped. */
    public void decided(MonthVerdict verdict) {
        RunState state = runs.remove(verdict.runId());
        if (state != null) {
            state.outcome().complete(verdict);
        }
    }

    /** The run could not be decided (not even a refusal could be written): whoever waits is told why. */
    public void undecided(long runId, Throwable cause) {
        RunState state = runs.remove(runId);
        if (state != null) {
            state.outcome().completeExceptionally(cause);
        }
    }
}
