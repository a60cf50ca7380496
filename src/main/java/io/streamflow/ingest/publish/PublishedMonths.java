package io.streamflow.ingest.publish;

import java.time.LocalDate;

import io.streamflow.ingest.run.RunLog;

/**
 * What a checked month is to the published history, the one place this is decided (in the publisher's transaction,
 * under its lock): a month whose as_of is not published is NEW; the same content as the published run is SAME
 * (nothing is written); other content is CONFLICT, unless its run asked for a restatement: then it RESTATES the
 * published run.
 */
public final class PublishedMonths {

    /** How a month stands to its published as_of. */
    public enum Kind {
        NEW, SAME, RESTATES, CONFLICT;

        /** Whether a month of this kind is published (stamped into the snapshots). */
        public boolean publishes() {
            return this == NEW || this == RESTATES;
        }
    }

    /** The classification and the published run it was made against (null for NEW). */
    public record Classification(Kind kind, RunLog.PublishedRun published) {
    }

    private final RunLog runLog;

    public PublishedMonths(RunLog runLog) {
        this.runLog = runLog;
    }

    public Classification classify(long runId, LocalDate asOf, String contentSha256) {
        RunLog.PublishedRun published = runLog.publishedRun(asOf).orElse(null);
        if (published == null) {
            return new Classification(Kind.NEW, null);
        }
        if (published.contentSha256() != null && published.contentSha256().equals(contentSha256)) {
            return new Classification(Kind.SAME, published);
        }
        return new Classification(runLog.restatementRequested(runId) ? Kind.RESTATES : Kind.CONFLICT, published);
    }
}
