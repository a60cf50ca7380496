package io.streamflow.ingest.finish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.intake.Inbox;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.Failures;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.MonthProgress;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.run.Stage;
import io.streamflow.ingest.staging.StagingArea;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a decided run: records a refusal in the run log (a publish records itself in its own
 * transaction), profiles the staged month, writes the report (and a copy next to a refused folder), drops the run's
 * staging rows and tells whoever waits for it.
 */
public class RunFinisher {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinisher.class);
    /** The copy of a refused month's report beside its files in the failed area. */
    public static final String REFUSED_REPORT = "REPORT.html";

    private final RunLog runLog;
    private final MonthReport report;
    private final MonthFolder monthFolder;
    private final MonthProgress progress;
    private final Runs runs;
    private final StagingArea staging;
    private final MonthProfiles profiles;
    private final Executor ahead;

    /** A profile started while its month is published ({@link #profileAhead}): kept with the run's state until used. */
    private record ProfileAhead(CompletableFuture<MonthProfile> profile) {
    }

    /** @param ahead runs the profiles of months being published ({@link #profileAhead}) */
    public RunFinisher(RunLog runLog, MonthReport report, MonthProfiles profiles, MonthFolder monthFolder,
                       MonthProgress progress, Runs runs, StagingArea staging, Executor ahead) {
        this.runLog = runLog;
        this.report = report;
        this.profiles = profiles;
        this.monthFolder = monthFolder;
        this.progress = progress;
        this.runs = runs;
        this.staging = staging;
        this.ahead = ahead;
    }

    /**
     * Starts profiling a month the gate passed, while it is published: the profile reads the month's staged rows and
     * the published month before it, neither of which the publish changes, so its report does not wait for it after.
     */
    public void profileAhead(@Body MonthVerdict verdict) {
        runs.of(verdict.runId()).attachment(ProfileAhead.class, () -> new ProfileAhead(CompletableFuture.supplyAsync(
                () -> profiles.staged(verdict.runId(), verdict.asOf()), ahead)));
    }

    /**
     * A month whose gate, publish or finish failed for good (a failure not to be retried, or one whose retries were
     * spent): decided as REJECTED naming the cause, with its report. When even that cannot be written (the database
     * is still away), whoever waits is told, and the failure stays for the aggregator's repository to hand the month
     * over again later.
     */
    public MonthVerdict failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                               @Header(MonthHeaders.RUN_ID) Long runId, @Header(MonthHeaders.MONTH) String month,
                               @Header(MonthHeaders.AS_OF) String asOf, @Header(MonthHeaders.MODE) String mode)
            throws IOException {
        if (runId == null || asOf == null) {
            LOG.error("A month step failed outside any run: {}", cause == null ? "?" : Failures.rootMessage(cause), cause);
            return null;
        }
        String why = cause == null ? "unknown failure" : Failures.isTransient(cause)
                ? "the database was unavailable for longer than the retries allow (" + Failures.rootMessage(cause) + ")"
                : Failures.rootMessage(cause);
        LOG.error("Run {} of {} failed and is refused: {}", runId, month, why, Failures.isTransient(cause) ? null : cause);
        ExpectationResult failure = new ExpectationResult("month", "", Rule.RUN_FAILED.id(),
                "the month could be checked and published (" + why + ")", 1, 1, 1.0, false, false, List.of());
        MonthVerdict verdict = MonthVerdict.of(runId, month, LocalDate.parse(asOf), mode == null ? "service" : mode)
                .status(RunStatus.REJECTED).results(List.of(failure)).stageMillis(runs.of(runId).intakeMillis())
                .summary("could not be decided: " + why + "; drop the folder again once the cause is fixed").build();
        try {
            return finish(verdict);
        } catch (IOException | RuntimeException e) {
            runs.undecided(runId, cause == null ? e : cause);
            throw e;
        }
    }

    /**
     * Records the decision (a publish recorded itself in its own transaction), profiles the month's staged rows, writes
     * the report, moves the producer's marker beside the files, drops the run's staging and tells whoever waits.
     */
    public MonthVerdict finish(@Body MonthVerdict verdict) throws IOException {
        ProfileAhead profiled = runs.find(verdict.runId()).map(state -> state.detach(ProfileAhead.class)).orElse(null);
        if (verdict.decision() == MonthVerdict.Decision.DONE) {
            return verdict;
        }
        progress.reporting(verdict);
        long started = System.nanoTime();
        if (verdict.status() != RunStatus.PUBLISHED && !runLog.decide(verdict, verdict.status())) {
            LOG.info("Run {} of {} was already decided elsewhere; nothing to record", verdict.runId(), verdict.month());
            MonthVerdict elsewhere = verdict.toBuilder().status(runLog.status(verdict.runId()))
                    .decision(MonthVerdict.Decision.DONE).summary("decided by another completion").build();
            runs.decided(elsewhere);
            return elsewhere;
        }
        long profiling = System.nanoTime();
        // made while the month was published, or now (a refused month; staged() says why when it cannot be read)
        MonthProfile profile = profiled != null ? profiled.profile().join()
                : profiles.staged(verdict.runId(), verdict.asOf());
        long profileMillis = (System.nanoTime() - profiling) / 1_000_000;
        runLog.addStageMillis(verdict.runId(), Stage.PROFILE.id(), profileMillis);
        Map<String, Long> millis = new LinkedHashMap<>(verdict.stageMillis());
        millis.put(Stage.PROFILE.id(), profileMillis);
        Path page = report.write(verdict.toBuilder().stageMillis(millis).build(), profile);
        if ("service".equals(verdict.mode())) {
            Path folder = monthFolder.decidedFolder(verdict.status(), verdict.month(), verdict.runId());
            Files.createDirectories(folder);
            if (!verdict.status().published()) {
                Files.copy(page, folder.resolve(REFUSED_REPORT), StandardCopyOption.REPLACE_EXISTING);
            }
            // the producer's completion marker follows the month's files
            Path marker = monthFolder.inbox().resolve(verdict.month()).resolve(Inbox.SUCCESS_MARKER);
            if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(marker, folder.resolve(Inbox.SUCCESS_MARKER), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        long cleaning = System.nanoTime();
        staging.clear(verdict.runId());
        runLog.addStageMillis(verdict.runId(), Stage.CLEANUP.id(), (System.nanoTime() - cleaning) / 1_000_000);
        long reportMillis = (System.nanoTime() - started) / 1_000_000;
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
        MonthVerdict done = verdict.toBuilder().decision(MonthVerdict.Decision.DONE).build();
        runs.decided(done);
        return done;
    }
}
