package io.streamflow.ingest.gate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.staging.StagingArea;

/**
 * The table checks of a complete month started before its turn: the ingest command stages the next month while the
 * one before it is published, and the checks that read only the month's own staging ({@link TableChecks}) can run
 * meanwhile. The gate takes their results ({@link #take}) if the month's staged files are still the ones they read;
 * a check that failed runs again in the gate. Kept in the run's state.
 */
final class ChecksAhead {

    /** The checks started for one run, or the mark that its gate began (nothing is started after that). */
    static final class Started {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final Map<String, RunLog.StagedFile> files = new TreeMap<>();
        final Map<String, Future<List<ExpectationResult>>> checks = new HashMap<>();

        void cancel() {
            checks.values().forEach(f -> f.cancel(false));
        }
    }

    private static final Started GATE_BEGAN = new Started();

    private final ExpectationSuite suite;
    private final RunLog runLog;
    private final StagingArea staging;
    private final TableChecks tableChecks;
    private final ExecutorService pool;
    private final Runs runs;

    ChecksAhead(ExpectationSuite suite, RunLog runLog, StagingArea staging, TableChecks tableChecks,
                ExecutorService pool, Runs runs) {
        this.suite = suite;
        this.runLog = runLog;
        this.staging = staging;
        this.tableChecks = tableChecks;
        this.pool = pool;
        this.runs = runs;
    }

    /** Analyzes the run's staging and starts its table checks, unless they were started or its gate began. */
    void start(long runId) {
        Started early = new Started();
        if (runs.of(runId).attachment(Started.class, () -> early) != early) {
            return;
        }
        try {
            staging.analyze(runId);
            List<RunLog.StagedFile> staged = runLog.stagedFiles(runId);
            staged.forEach(file -> early.files.put(file.table(), file));
            RunLog.StagedFile users = early.files.get(TableContract.USERS);
            for (RunLog.StagedFile file : staged) {
                TableContract table = suite.table(file.table());
                early.checks.put(table.name(), pool.submit(() -> tableChecks.run(runId, table, file, users)));
            }
            early.ready.complete(null);
        } catch (Throwable e) { // whatever it is, the gate must not wait for these checks forever
            early.ready.completeExceptionally(e);
            early.cancel();
        }
    }

    /**
     * The gate begins: the checks started ahead for it, when they read the files still staged (and the run's staging
     * is analyzed), else null (what was started is cancelled: the gate analyzes and checks anew).
     */
    Started take(long runId, Map<String, RunLog.StagedFile> files) {
        Started early = runs.of(runId).put(Started.class, GATE_BEGAN);
        if (early == null || early == GATE_BEGAN) {
            return null;
        }
        try {
            early.ready.join();
        } catch (RuntimeException e) {
            return null; // analyzed or not: the gate does it all
        }
        if (!early.files.equals(files)) {
            early.cancel(); // a file was staged again since: its checks and statistics are out of date
            return null;
        }
        return early;
    }

    /** The result of a check started ahead, or, when it failed, of running it again now. */
    static List<ExpectationResult> resultOr(Future<List<ExpectationResult>> check,
                                            java.util.function.Supplier<List<ExpectationResult>> again) {
        try {
            return check.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gate's table checks ran", e);
        } catch (ExecutionException | CancellationException e) {
            return again.get();
        }
    }
}
