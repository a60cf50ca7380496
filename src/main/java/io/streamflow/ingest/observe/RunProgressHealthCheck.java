package io.streamflow.ingest.observe;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.run.MonthProgress;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Liveness of the months being ingested: DOWN when work is in flight (a file staging, a month being validated,
 * published or reported) and no run has moved for longer than the bound. A month waiting for its files is not in
 * flight, and a long file or publish moves (chunk by chunk, stage by stage) well within it.
 */
public class RunProgressHealthCheck extends LivenessCheck {

    /** The routes that do a run's work; an exchange in any of them is work in flight. */
    static final List<String> WORK = List.of("stage-file", "validate-month", "publish-month", "finish-month");

    private final MonthProgress progress;
    private final Duration bound;
    private final Clock clock;

    public RunProgressHealthCheck(MonthProgress progress, Duration bound, Clock clock) {
        super("run-progress");
        this.progress = progress;
        this.bound = bound;
        this.clock = clock;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int inFlight = WORK.stream().mapToInt(route -> getCamelContext().getInflightRepository().size(route)).sum();
        Duration quiet = Duration.between(progress.lastProgress(), clock.instant());
        builder.detail("in_flight", inFlight);
        builder.detail("last_progress", progress.lastProgress().toString());
        if (inFlight > 0 && quiet.compareTo(bound) > 0) {
            builder.message("run " + progress.getRunId() + " of " + progress.getMonth() + " has made no progress for "
                    + quiet.toSeconds() + " s (stage " + progress.getStage() + ")").down();
        } else {
            builder.up();
        }
    }
}
