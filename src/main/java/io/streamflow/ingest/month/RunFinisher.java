package io.streamflow.ingest.month;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.observe.MonthProgress;
import io.streamflow.ingest.intake.RowDigests;
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
        if ("service".equals(verdict.mode()) && !verdict.status().published()) {
            Path folder = monthFolder.decidedFolder(verdict.status(), verdict.month(), verdict.runId());
            Files.createDirectories(folder);
            Files.copy(page, folder.resolve("REPORT.md"), StandardCopyOption.REPLACE_EXISTING);
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
