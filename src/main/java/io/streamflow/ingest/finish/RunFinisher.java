package io.streamflow.ingest.finish;

import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunOutcomes;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.StageClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.MonthProgress;
import io.streamflow.ingest.staging.RowDigests;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.intake.Inbox;
import io.streamflow.ingest.run.Failures;
import io.streamflow.ingest.run.MonthHeaders;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a decided run: records a refusal in the run log (a publish records itself in its own
 * transaction), writes the report (and a copy next to a refused folder), drops the run's staging rows
 * and tells whoever waits for it.
 */
public class RunFinisher {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinisher.class);

    private final ExpectationSuite suite;
    private final RunLog runLog;
    private final MonthReport report;
    private final MonthFolder monthFolder;
    private final RunOutcomes outcomes;
    private final MonthProgress progress;
    private final StageClock clock;
    private final RowDigests digests;

    public RunFinisher(ExpectationSuite suite, RunLog runLog, MonthReport report, MonthFolder monthFolder,
                       RunOutcomes outcomes, MonthProgress progress, StageClock clock, RowDigests digests) {
        this.suite = suite;
        this.runLog = runLog;
        this.report = report;
        this.monthFolder = monthFolder;
        this.outcomes = outcomes;
        this.progress = progress;
        this.clock = clock;
        this.digests = digests;
    }

    /**
     * A month whose gate, publish or finish failed for good (a failure not to be retried, or one whose retries were
     * spent): decided as REJECTED naming the cause, with its report. When even that cannot be written (the database
     * is still away), whoever waits is told, and the failure stays for the aggregator's repository to hand the month
     * over again later.
     */
    public MonthVerdict failed(Exchange exchange) throws IOException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Long runId = exchange.getIn().getHeader(MonthHeaders.RUN_ID, Long.class);
        String asOf = exchange.getIn().getHeader(MonthHeaders.AS_OF, String.class);
        if (runId == null || asOf == null) {
            LOG.error("A month step failed outside any run: {}", cause == null ? "?" : Failures.rootMessage(cause), cause);
            return null;
        }
        String month = exchange.getIn().getHeader(MonthHeaders.MONTH, String.class);
        String why = cause == null ? "unknown failure" : Failures.isTransient(cause)
                ? "the database was unavailable for longer than the retries allow (" + Failures.rootMessage(cause) + ")"
                : Failures.rootMessage(cause);
        LOG.error("Run {} of {} failed and is refused: {}", runId, month, why, Failures.isTransient(cause) ? null : cause);
        ExpectationResult failure = new ExpectationResult("month", "", Rule.RUN_FAILED.id(),
                "the month could be checked and published (" + why + ")", 1, 1, 1.0, false, false, List.of());
        MonthVerdict verdict = new MonthVerdict(runId, month, LocalDate.parse(asOf),
                exchange.getIn().getHeader(MonthHeaders.MODE, "service", String.class), RunStatus.REJECTED,
                List.of(failure), Map.of(), Map.of(), null, null, clock.intakeMillis(runId),
                "could not be decided: " + why + "; drop the folder again once the cause is fixed");
        try {
            return finish(verdict);
        } catch (IOException | RuntimeException e) {
            outcomes.fail(runId, cause == null ? e : cause);
            throw e;
        }
    }

    public MonthVerdict finish(MonthVerdict verdict) throws IOException {
        if (verdict == null) {
            return null; // decided by an earlier completion of the same run
        }
        progress.reporting(verdict);
        long started = System.currentTimeMillis();
        if (verdict.status() != RunStatus.PUBLISHED && !runLog.decide(verdict, verdict.status())) {
            LOG.info("Run {} of {} was already decided elsewhere; nothing to record", verdict.runId(), verdict.month());
            clock.forget(verdict.runId());
            digests.forget(verdict.runId());
            outcomes.complete(verdict.withStatus(runLog.status(verdict.runId()), "decided by another completion"));
            return null;
        }
        Path page = report.write(verdict);
        if ("service".equals(verdict.mode())) {
            Path folder = monthFolder.decidedFolder(verdict.status(), verdict.month(), verdict.runId());
            Files.createDirectories(folder);
            if (!verdict.status().published()) {
                Files.copy(page, folder.resolve("REPORT.md"), StandardCopyOption.REPLACE_EXISTING);
            }
            // the producer's completion marker follows the month's files
            Path marker = monthFolder.inbox().resolve(verdict.month()).resolve(Inbox.SUCCESS_MARKER);
            if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(marker, folder.resolve(Inbox.SUCCESS_MARKER), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        long cleaning = System.currentTimeMillis();
        runLog.dropStaging(verdict.runId(), suite.tables().stream().map(TableContract::stagingTable).toList());
        runLog.addStageMillis(verdict.runId(), StageClock.CLEANUP, System.currentTimeMillis() - cleaning);
        clock.forget(verdict.runId());
        digests.forget(verdict.runId());
        long reportMillis = System.currentTimeMillis() - started;
        long rows = verdict.rowsPerTable().values().stream().mapToLong(c -> c.getOrDefault("staged", 0L)).sum();
        String line = String.format("%s as_of %s run %d: %s, %d rows staged, %d ms%s (report %s)", verdict.month(),
                verdict.asOf(), verdict.runId(), verdict.status(), rows,
                verdict.stageMillis().values().stream().mapToLong(Long::longValue).sum() + reportMillis,
                verdict.summary() == null ? "" : " - " + verdict.summary(), page);
        if (verdict.status().published()) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
        progress.decided(verdict, reportMillis);
        outcomes.complete(verdict);
        return verdict;
    }
}
