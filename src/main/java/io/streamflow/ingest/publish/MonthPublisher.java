package io.streamflow.ingest.publish;

import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.StageClock;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.staging.StagingArea;
import io.streamflow.ingest.run.MonthProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes a month that passed the gate, in one PostgreSQL transaction: live tables upserted from the
 * month's staged rows (users first), the four snapshot tables stamped at as_of from the same rows, and
 * the run marked PUBLISHED. The live tables only move forward: a month older than the latest published
 * one (a backfill) stamps its snapshots and leaves the live tables alone.
 */
public class MonthPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(MonthPublisher.class);

    private final ExpectationSuite suite;
    private final RunLog runLog;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final MonthProgress progress;
    private final LiveHistory history;

    public MonthPublisher(ExpectationSuite suite, RunLog runLog, JdbcTemplate jdbc, TransactionTemplate transaction,
                          MonthProgress progress, LiveHistory history) {
        this.suite = suite;
        this.runLog = runLog;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.progress = progress;
        this.history = history;
    }

    /** Publishes the run, or returns null when it was decided meanwhile (a repeated completion). */
    public MonthVerdict publish(MonthVerdict verdict) {
        progress.publishing(verdict);
        MonthVerdict done = publishInOneTransaction(verdict);
        if (done != null) {
            progress.published(done);
        }
        return done;
    }

    private MonthVerdict publishInOneTransaction(MonthVerdict verdict) {
        long started = System.currentTimeMillis();
        return transaction.execute(tx -> {
            // one publisher at a time, whatever the number of instances
            history.lock();
            if (!runLog.status(verdict.runId()).open()) {
                return null;
            }
            Optional<RunLog.PublishedRun> published = runLog.publishedRun(verdict.asOf());
            boolean restatement = published.isPresent() && verdict.restatesRunId() != null
                    && verdict.restatesRunId() == published.get().runId();
            if (published.isPresent() && !restatement) {
                // decided by another instance or run since the gate looked
                boolean same = published.get().contentSha256().equals(verdict.contentSha256());
                // the run finisher records this decision
                return verdict.withStatus(same ? RunStatus.ALREADY_PUBLISHED : RunStatus.REJECTED,
                        (same ? "same content as run " : "as_of already published with other content by run ")
                                + published.get().runId());
            }
            Map<TableContract, Long> staged = new LinkedHashMap<>();
            suite.tables().forEach(t -> staged.put(t, verdict.rowsPerTable().getOrDefault(t.name(), Map.of())
                    .getOrDefault("staged", 0L)));
            List<String> emptied = StagingArea.emptied(jdbc, staged, verdict.runId());
            if (!emptied.isEmpty()) {
                // a database crash since the files were staged: publishing now would publish the month short
                return verdict.withStatus(RunStatus.REJECTED, "the staged rows of " + String.join(", ", emptied)
                        + " are gone (unlogged staging is emptied by a database crash): drop the folder again");
            }
            LocalDate newest = runLog.newestPublishedAsOf();
            // the newest month reaches the live tables straight from staging; anything else re-derives them
            boolean newestMonth = !restatement && (newest == null || verdict.asOf().isAfter(newest));
            Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
            long snapshotNanos = 0;
            if (!newestMonth) {
                history.beginAffected();
            }
            if (restatement) {
                history.unstamp(verdict.asOf());
                runLog.markRestated(published.get().runId());
            }
            for (TableContract table : suite.tables()) {
                Map<String, Long> counts = new LinkedHashMap<>(verdict.rowsPerTable().getOrDefault(table.name(), Map.of()));
                boolean allStaged = ExpectationResult.noStagedRowLeftOut(verdict.results(), table.name());
                if (newestMonth) {
                    long updated = jdbc.update(table.liveUpdateSql(allStaged), verdict.runId());
                    counts.put("inserted", (long) jdbc.update(table.liveInsertSql(allStaged), verdict.runId()));
                    counts.put("updated", updated);
                } else {
                    history.addStaged(table, verdict.runId(), allStaged);
                }
                long stamping = System.nanoTime();
                counts.put("snapshot", (long) jdbc.update(table.snapshotInsertSql(allStaged), verdict.asOf(), verdict.runId()));
                snapshotNanos += System.nanoTime() - stamping;
                rows.put(table.name(), counts);
            }
            long rederived = 0;
            if (!newestMonth) {
                for (Map.Entry<String, Map<String, Long>> live : history.reconcile().entrySet()) {
                    rows.get(live.getKey()).putAll(live.getValue());
                    rederived += live.getValue().values().stream().mapToLong(Long::longValue).sum();
                }
            }
            Map<String, Long> millis = new LinkedHashMap<>(verdict.stageMillis());
            long total = System.currentTimeMillis() - started;
            millis.put(StageClock.PUBLISH, total - snapshotNanos / 1_000_000);
            millis.put(StageClock.SNAPSHOT, snapshotNanos / 1_000_000);
            String summary = restatement ? "restates run " + verdict.restatesRunId() + "; " + rederived
                    + " live rows re-derived from the snapshots"
                    : !newestMonth ? "backfill: snapshots stamped at " + verdict.asOf() + "; newest month stays " + newest
                    + "; " + rederived + " live rows changed (users whose newest month this is)" : null;
            MonthVerdict done = new MonthVerdict(verdict.runId(), verdict.month(), verdict.asOf(), verdict.mode(),
                    RunStatus.PUBLISHED, verdict.results(), rows, verdict.checksums(), verdict.contentSha256(),
                    verdict.restatesRunId(), millis, summary);
            runLog.decide(done, RunStatus.PUBLISHED);
            LOG.info("Published {} (as_of {}, run {}) in {} ms: {}{}", verdict.month(), verdict.asOf(), verdict.runId(),
                    millis.get("publish"), counts(rows), summary == null ? "" : "; " + summary);
            return done;
        });
    }

    /** "users: 12 inserted, 7031 updated, 7043 snapshot; subscriptions: ...": rows written per table. */
    private static String counts(Map<String, Map<String, Long>> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach((table, counts) -> {
            text.append(text.length() == 0 ? "" : "; ").append(table).append(": ");
            text.append(java.util.stream.Stream.of("inserted", "updated", "deleted", "snapshot")
                    .filter(counts::containsKey).map(k -> counts.get(k) + " " + k).collect(java.util.stream.Collectors.joining(", ")));
        });
        return text.toString();
    }
}
