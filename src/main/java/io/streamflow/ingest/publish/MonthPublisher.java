package io.streamflow.ingest.publish;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.MonthProgress;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.Stage;
import io.streamflow.ingest.staging.StagingArea;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes a month that passed the gate, in one PostgreSQL transaction under the history's lock: first it finds what
 * the month is to the published history ({@link PublishedMonths}), then it stamps the month's rows into the six
 * snapshot tables at as_of, brings the live tables to each user's newest row (straight from staging for a month newer
 * than every published one, through {@link LiveHistory} for a backfill or a restatement) and marks the run PUBLISHED.
 */
public class MonthPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(MonthPublisher.class);

    private final ExpectationSuite suite;
    private final RunLog runLog;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final MonthProgress progress;
    private final LiveHistory history;
    private final StagingArea staging;
    private final PublishedMonths publishedMonths;
    private final SnapshotPartitions partitions;
    private final LiveTables liveTables;

    public MonthPublisher(ExpectationSuite suite, RunLog runLog, JdbcTemplate jdbc, TransactionTemplate transaction,
                          MonthProgress progress, LiveHistory history, StagingArea staging,
                          SnapshotPartitions partitions) {
        this.suite = suite;
        this.runLog = runLog;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.progress = progress;
        this.history = history;
        this.staging = staging;
        this.publishedMonths = new PublishedMonths(runLog);
        this.partitions = partitions;
        this.liveTables = new LiveTables(jdbc);
    }

    /**
     * Publishes the month the gate passed, unless its as_of is published already: then it is ALREADY_PUBLISHED (same
     * content) or REJECTED (other content, no restatement asked for). DONE when another completion of
     * the run decided it meanwhile.
     */
    public MonthVerdict publish(@Body MonthVerdict verdict) {
        progress.publishing(verdict);
        // the month's snapshot partitions are made while the live tables are brought up to date, unless the month
        // looks published already (decided for good under the lock below)
        SnapshotPartitions.Prepared prepared = runLog.status(verdict.runId()).open()
                && publishedMonths.classify(verdict.runId(), verdict.asOf(), verdict.contentSha256()).kind()
                        .publishes()
                ? partitions.prepare(suite.tables(), verdict.asOf(), verdict.runId(),
                        table -> ExpectationResult.noStagedRowLeftOut(verdict.results(), table.name()))
                : null;
        MonthVerdict done;
        try {
            done = transaction.execute(tx -> publishInOneTransaction(verdict, prepared));
        } finally {
            partitions.discard(prepared);
        }
        if (done.status() == RunStatus.PUBLISHED) {
            progress.published(done);
        }
        return done;
    }

    private MonthVerdict publishInOneTransaction(MonthVerdict verdict, SnapshotPartitions.Prepared prepared) {
        long started = System.nanoTime();
        // one publisher at a time, whatever the number of instances
        history.lock();
        if (!runLog.status(verdict.runId()).open()) {
            return verdict.toBuilder().decision(MonthVerdict.Decision.DONE).build();
        }
        PublishedMonths.Classification classified = publishedMonths.classify(verdict.runId(), verdict.asOf(),
                verdict.contentSha256());
        switch (classified.kind()) {
            case SAME -> {
                return verdict.finished(RunStatus.ALREADY_PUBLISHED, "same content as run "
                        + classified.published().runId() + ", already published");
            }
            case CONFLICT -> {
                List<ExpectationResult> results = new ArrayList<>(verdict.results());
                results.add(0, new ExpectationResult("month", "", Rule.ALREADY_PUBLISHED.id(), "as_of " + verdict.asOf()
                        + " was published by run " + classified.published().runId() + " with other content; a published"
                        + " month changes only by an explicit restatement (ingest --restate, or a RESTATE file in the month"
                        + " folder)", 1, 1, 1.0, false, false, List.of()));
                return verdict.toBuilder().results(results).status(RunStatus.REJECTED)
                        .decision(MonthVerdict.Decision.FINISH).summary(ExpectationResult.summary(results.stream()
                                .filter(ExpectationResult::blocking).toList(), suite)).build();
            }
            default -> {
                // NEW or RESTATES: published below
            }
        }
        boolean restatement = classified.kind() == PublishedMonths.Kind.RESTATES;
        Map<TableContract, Long> staged = new LinkedHashMap<>();
        suite.tables().forEach(t -> staged.put(t, verdict.rowsPerTable().getOrDefault(t.name(), Map.of())
                .getOrDefault("staged", 0L)));
        List<String> emptied = staging.emptied(staged, verdict.runId());
        if (!emptied.isEmpty()) {
            // a database crash since the files were staged: publishing now would publish the month short
            return verdict.finished(RunStatus.REJECTED, "the staged rows of " + String.join(", ", emptied)
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
        Long restates = restatement ? classified.published().runId() : null;
        List<ExpectationResult> results = new ArrayList<>(verdict.results());
        if (restatement) {
            if (prepared != null) {
                prepared.await();
            }
            history.unstamp(verdict.asOf());
            runLog.markRestated(restates);
            results.add(0, new ExpectationResult("month", "", Rule.ALREADY_PUBLISHED.id(), "as_of " + verdict.asOf()
                    + " was published by run " + restates + "; this run restates it, as asked", 0, 1, 1.0, true, false,
                    List.of()));
        }
        for (TableContract table : suite.tables()) {
            Map<String, Long> counts = new LinkedHashMap<>(verdict.rowsPerTable().getOrDefault(table.name(), Map.of()));
            boolean allStaged = ExpectationResult.noStagedRowLeftOut(verdict.results(), table.name());
            if (newestMonth) {
                counts.putAll(liveTables.bringToNewest(table, verdict.runId(), allStaged, staged.get(table)));
            } else {
                history.addStaged(table, verdict.runId(), allStaged);
            }
            long stamping = System.nanoTime();
            counts.put("snapshot", partitions.attach(prepared, table, verdict.asOf(), verdict.runId(), allStaged));
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
        long total = System.nanoTime() - started;
        millis.put(Stage.PUBLISH.id(), (total - snapshotNanos) / 1_000_000);
        millis.put(Stage.SNAPSHOT.id(), snapshotNanos / 1_000_000);
        String summary = restatement ? "restates run " + restates + "; " + rederived
                + " live rows re-derived from the snapshots"
                : !newestMonth ? "backfill: snapshots stamped at " + verdict.asOf() + "; newest month stays " + newest
                + "; " + rederived + " live rows changed (users whose newest month this is)" : null;
        MonthVerdict done = verdict.toBuilder().status(RunStatus.PUBLISHED).decision(MonthVerdict.Decision.FINISH)
                .results(results).rowsPerTable(rows).restates(restates).stageMillis(millis).summary(summary).build();
        runLog.decide(done, RunStatus.PUBLISHED);
        LOG.info("Published {} (as_of {}, run {}) in {} ms: {}{}", verdict.month(), verdict.asOf(), verdict.runId(),
                millis.get(Stage.PUBLISH.id()), counts(rows), summary == null ? "" : "; " + summary);
        return done;
    }

    /** "users: 12 inserted, 7031 updated, 7043 snapshot; subscriptions: ...": rows written per table. */
    private static String counts(Map<String, Map<String, Long>> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach((table, counts) -> {
            text.append(text.length() == 0 ? "" : "; ").append(table).append(": ");
            text.append(Stream.of("inserted", "updated", "deleted", "snapshot")
                    .filter(counts::containsKey).map(k -> counts.get(k) + " " + k).collect(Collectors.joining(", ")));
        });
        return text.toString();
    }
}
