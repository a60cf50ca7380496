package io.streamflow.ingest.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Route;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Liveness of the inbox: DOWN when this instance consumes the inbox (it holds the cluster lock) but its consumer has
 * not completed a poll for longer than the bound, which Camel's route and consumer checks do not see: a poll thread
 * that died leaves its route Started. An instance standing by (another one holds the lock) is UP.
 */
public class InboxHealthCheck extends LivenessCheck {

    private final InboxPolls polls;
    private final Duration bound;
    private final Instant created = Instant.now();

    public InboxHealthCheck(InboxPolls polls, Duration bound) {
        super("inbox");
        this.polls = polls;
        this.bound = bound;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Route route = getCamelContext().getRoute("file-intake");
        if (route == null || !(route.getConsumer() instanceof MasterConsumer consumer)
                || !getCamelContext().getRouteController().getRouteStatus("file-intake").isStarted()) {
            builder.detail("inbox", "not watched by this process").up();
            return;
        }
        if (!consumer.isMaster()) {
            builder.detail("inbox", "another instance consumes it").up();
            return;
        }
        Instant last = polls.lastPoll();
        Instant since = last == null ? created : last;
        Duration quiet = Duration.between(since, Instant.now());
        builder.detail("last_poll", last == null ? "none yet" : last.toString());
        if (quiet.compareTo(bound) > 0) {
            builder.message("the inbox consumer has not polled for " + quiet.toSeconds() + " s").down();
        } else {
            builder.up();
        }
    }
}
