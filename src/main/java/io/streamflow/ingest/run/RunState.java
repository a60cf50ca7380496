package io.streamflow.ingest.run;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What this process keeps in memory about one open run, from its first file to its decision: the time spent per
 * stage, the decision it ends with (for whoever waits: the ingest command), and what a stage keeps between two steps
 * of the run (the staged rows' digests, the gate's checks started ahead), each under its own type. Nothing here must
 * survive a restart: a run resumed after one reports the time since, and its digests are computed again in SQL.
 */
public final class RunState {

    private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);
    private final CompletableFuture<MonthVerdict> outcome = new CompletableFuture<>();
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();

    RunState() {
        for (Stage stage : Stage.values()) {
            nanos.put(stage, new LongAdder());
        }
    }

    /** Adds time spent in a stage (any thread). */
    public void add(Stage stage, long elapsedNanos) {
        nanos.get(stage).add(elapsedNanos);
    }

    /** Times a stage from now until the returned timer is closed. */
    public Timer time(Stage stage) {
        return new Timer(this, stage, System.nanoTime());
    }

    /** A stage being timed: try-with-resources. */
    public record Timer(RunState run, Stage stage, long started) implements AutoCloseable {
        public long elapsedNanos() {
            return System.nanoTime() - started;
        }

        @Override
        public void close() {
            run.add(stage, elapsedNanos());
        }
    }

    public long millis(Stage stage) {
        return nanos.get(stage).sum() / 1_000_000;
    }

    /** parse, validate and stage so far, in milliseconds (parse: the files' intake less the other two). */
    public Map<String, Long> intakeMillis() {
        long validate = nanos.get(Stage.VALIDATE).sum();
        long stage = nanos.get(Stage.STAGE).sum();
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put(Stage.PARSE.id(), Math.max(0, nanos.get(Stage.FILE).sum() - validate - stage) / 1_000_000);
        millis.put(Stage.VALIDATE.id(), validate / 1_000_000);
        millis.put(Stage.STAGE.id(), stage / 1_000_000);
        return millis;
    }

    /** The run's decision, once made; completed exceptionally when not even a refusal could be written. */
    public CompletableFuture<MonthVerdict> outcome() {
        return outcome;
    }

    /** What a stage keeps for the run, made on first use. */
    @SuppressWarnings("unchecked")
    public <T> T attachment(Class<T> type, Supplier<T> create) {
        return (T) attachments.computeIfAbsent(type, t -> create.get());
    }

    /** Keeps a value for the run under its type; returns what was kept before, or null. */
    public <T> T put(Class<T> type, T value) {
        return type.cast(attachments.put(type, value));
    }

    /** What a stage kept for the run, or null; it is taken away. */
    public <T> T detach(Class<T> type) {
        return type.cast(attachments.remove(type));
    }

    /** What a stage keeps for the run, or null. */
    public <T> T attachment(Class<T> type) {
        return type.cast(attachments.get(type));
    }
}
