package io.streamflow.ingest.publish;

import java.time.LocalDate;
import java.util.Map;

import io.streamflow.ingest.run.RunLog;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a published month back, in one transaction: its rows leave every snapshot table, the live rows of its users
 * fall back to their newest remaining snapshot rows (or go, where none is left), and its run becomes RETRACTED.
 * Ingesting the month again publishes it again.
 */
public class MonthRetraction {

    private final RunLog runLog;
    private final LiveHistory history;
    private final TransactionTemplate transaction;

    public MonthRetraction(RunLog runLog, LiveHistory history, TransactionTemplate transaction) {
        this.runLog = runLog;
        this.history = history;
        this.transaction = transaction;
    }

    /** What a retraction did: the run, the snapshot rows removed and, per table, the live rows updated, inserted, deleted. */
    public record Retracted(long runId, String month, LocalDate asOf, long snapshotRows, Map<String, Map<String, Long>> live) {
    }

    /** Thrown when there is nothing to retract: no published run holds the as_of. */
    public static class NotPublishedException extends Exception {
        public NotPublishedException(String message) {
            super(message);
        }
    }

    public Retracted retract(LocalDate asOf) throws NotPublishedException {
        Retracted done;
        try {
            done = transaction.execute(tx -> {
                history.lock();
                RunLog.PublishedRun run = runLog.publishedRun(asOf).orElse(null);
                if (run == null) {
                    return null;
                }
                history.beginAffected();
                long removed = history.unstamp(asOf);
                Map<String, Map<String, Long>> live = history.reconcile();
                runLog.markRetracted(run.runId());
                return new Retracted(run.runId(), run.month(), asOf, removed, live);
            });
        } catch (DataIntegrityViolationException e) {
            // a user's earlier months predate the full history (db/V8): rows of another table outlive their users row
            throw new IllegalStateException("cannot retract " + asOf + ": the months before it lack the history to fall"
                    + " back to (published before full history, db/V8); nothing changed", e);
        }
        if (done == null) {
            throw new NotPublishedException("no published month has as_of " + asOf + " (published: "
                    + runLog.publishedAsOfs() + ")");
        }
        return done;
    }
}
