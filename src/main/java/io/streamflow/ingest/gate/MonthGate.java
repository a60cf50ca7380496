package io.streamflow.ingest.gate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.MonthProgress;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunState;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.run.Stage;
import io.streamflow.ingest.staging.RowDigests;
import io.streamflow.ingest.staging.StagingArea;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quality gate: runs the expectation suite over a staged month and decides whether it may be published. The row
 * checks were made at intake ({@link Findings}); the table checks ({@link TableChecks}), the month-over-month
 * comparison ({@link MonthOverMonth}) and the content digest ({@link ContentDigest}) run here, in SQL over the run's
 * staging. Whether the as_of is already published is the publisher's to decide, in its transaction.
 */
public class MonthGate {

    private final ExpectationSuite suite;
    private final RunLog runLog;
    private final JdbcTemplate jdbc;
    private final MonthProgress progress;
    private final Runs runs;
    private final StagingArea staging;
    private final ExecutorService pool;
    private final TableChecks tableChecks;
    private final ChecksAhead ahead;
    private final MonthOverMonth monthOverMonth;
    private final ContentDigest contentDigest;

    /**
     * @param pool runs the table checks of a month concurrently, each on its own connection: they only read, and one
     *             month's checks would otherwise leave all but one core idle
     */
    public MonthGate(ExpectationSuite suite, RunLog runLog, JdbcTemplate jdbc, MonthProgress progress, Runs runs,
                     StagingArea staging, RowDigests digests, ExecutorService pool) {
        this.suite = suite;
        this.runLog = runLog;
        this.jdbc = jdbc;
        this.progress = progress;
        this.runs = runs;
        this.staging = staging;
        this.pool = pool;
        this.tableChecks = new TableChecks(jdbc);
        this.ahead = new ChecksAhead(suite, runLog, staging, tableChecks, pool, runs);
        this.monthOverMonth = new MonthOverMonth(suite, jdbc);
        this.contentDigest = new ContentDigest(suite, jdbc, digests);
    }

    /**
     * Starts the checks of a month whose six files are all staged and that waits for its turn (the month before it
     * is being gated or published): they read its own staging only, and its gate takes their results.
     */
    public void checkAhead(long runId) {
        ahead.start(runId);
    }

    /**
     * The verdict on the aggregated run: decision PUBLISH when no blocking expectation failed, FINISH (REJECTED, or
     * INCOMPLETE when the month timed out missing files only), DONE when another completion of the run decided it
     * already.
     *
     * @param completedBy how the aggregator completed the month: "timeout" when files were still missing
     */
    public MonthVerdict evaluate(@Header(MonthHeaders.RUN_ID) long runId, @Header(MonthHeaders.MONTH) String month,
                                 @Header(MonthHeaders.AS_OF) String asOf, @Header(MonthHeaders.MODE) String mode,
                                 @ExchangeProperty(Exchange.AGGREGATED_COMPLETED_BY) String completedBy) {
        MonthVerdict.Builder verdict = MonthVerdict.of(runId, month, LocalDate.parse(asOf), mode == null ? "service" : mode);
        if (!runLog.startValidating(runId)) {
            return verdict.decision(MonthVerdict.Decision.DONE).status(runLog.status(runId)).build();
        }
        progress.validating(runId, month, asOf);
        RunState run = runs.of(runId);
        long started = System.nanoTime();
        MonthVerdict judged = judge(verdict, runId, LocalDate.parse(asOf), "timeout".equals(completedBy), run);
        Map<String, Long> millis = new LinkedHashMap<>(judged.stageMillis());
        millis.put(Stage.GATE.id(), (System.nanoTime() - started) / 1_000_000);
        MonthVerdict done = judged.toBuilder().stageMillis(millis).build();
        progress.validated(done);
        return done;
    }

    private MonthVerdict judge(MonthVerdict.Builder verdict, long runId, LocalDate asOf, boolean timedOut, RunState run) {
        Map<String, RunLog.StagedFile> files = runLog.stagedFiles(runId).stream()
                .collect(Collectors.toMap(RunLog.StagedFile::table, f -> f, (a, b) -> b, TreeMap::new));
        ChecksAhead.Started early = ahead.take(runId, files);
        if (early == null) {
            staging.analyze(runId);
        }
        Map<String, String> checksums = new TreeMap<>();
        Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
        suite.tables().stream().map(t -> files.get(t.name())).filter(Objects::nonNull).forEach(f -> {
            checksums.put(f.fileName(), f.sha256());
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("read", (long) f.rowsRead());
            counts.put("staged", (long) f.rowsStaged());
            rows.put(f.table(), counts);
        });

        Findings findings = Findings.read(jdbc, runId);
        // the membership checks need the month's users: without a readable users.csv the month is refused anyway
        RunLog.StagedFile users = files.get(TableContract.USERS) != null
                && findings.readable(suite.table(TableContract.USERS)) ? files.get(TableContract.USERS) : null;
        Map<String, Future<List<ExpectationResult>>> tableResults = new HashMap<>();
        for (TableContract table : suite.tables()) {
            RunLog.StagedFile file = files.get(table.name());
            if (file != null && findings.readable(table)) {
                tableResults.put(table.name(), early != null && users != null ? early.checks.get(table.name())
                        : pool.submit(() -> tableChecks.run(runId, table, file, users)));
            }
        }
        // a check left running by a failure below only reads; it ends on its own
        List<ExpectationResult> results = new ArrayList<>();
        findings.unexpectedFiles(suite).forEach(name -> results.add(findings.unexpectedFile(name)));
        for (TableContract table : suite.tables()) {
            RunLog.StagedFile file = files.get(table.name());
            if (file == null) {
                results.add(new ExpectationResult(table.name(), "", Rule.FILE_PRESENT.id(),
                        table.fileName() + " is present in the month folder", 1, 1, 1.0, false, false, List.of()));
                continue;
            }
            results.addAll(findings.fileResults(table));
            if (!findings.readable(table)) {
                continue;
            }
            long read = file.rowsRead();
            results.add(new ExpectationResult(table.name(), "", Rule.NOT_EMPTY.id(),
                    table.fileName() + " has at least one row", read == 0 ? 1 : 0, 1, 1.0, read > 0, false, List.of()));
            results.addAll(findings.rowResults(table, read));
            results.addAll(early == null || users == null ? done(tableResults.get(table.name()))
                    : ChecksAhead.resultOr(tableResults.get(table.name()), () -> tableChecks.run(runId, table, file, users)));
        }
        String digest = null;
        if (files.keySet().containsAll(suite.tableNames())) {
            results.addAll(monthOverMonth.compare(runId, asOf, rows));
            digest = contentDigest.of(runId, results, files);
        }
        List<ExpectationResult> blocking = results.stream().filter(ExpectationResult::blocking).toList();
        boolean missingOnly = blocking.stream().allMatch(r -> r.rule().equals(Rule.FILE_PRESENT.id()));
        RunStatus status = blocking.isEmpty() ? RunStatus.VALIDATING
                : timedOut && missingOnly ? RunStatus.INCOMPLETE : RunStatus.REJECTED;
        return verdict.status(status)
                .decision(blocking.isEmpty() ? MonthVerdict.Decision.PUBLISH : MonthVerdict.Decision.FINISH)
                .results(results).rowsPerTable(rows).checksums(checksums).contentSha256(digest)
                .stageMillis(run.intakeMillis()).summary(ExpectationResult.summary(blocking, suite)).build();
    }

    /** The result of a table check, its failure rethrown as such (the route's error handler retries the gate). */
    private static List<ExpectationResult> done(Future<List<ExpectationResult>> check) {
        try {
            return check.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gate's table checks ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
