package io.streamflow.ingest.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamflow.ingest.run.MonthProgress;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A run that stops moving while work is in flight is DOWN; a month waiting for its files is not. */
class RunProgressHealthCheckTest {

    @Test
    void downOnlyWhenWorkIsInFlightAndNothingMovedForTheBound() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            MonthProgress progress = new MonthProgress(new IngestMetrics(new SimpleMeterRegistry(), List.of("users")));
            Instant last = progress.lastProgress();
            RunProgressHealthCheck check = new RunProgressHealthCheck(progress, Duration.ofMinutes(10),
                    Clock.fixed(last.plus(Duration.ofMinutes(11)), ZoneOffset.UTC));
            check.setCamelContext(context);

            assertThat(check.call().getState()).as("nothing in flight: a month waiting for files").isEqualTo(HealthCheck.State.UP);

            Exchange stuck = new DefaultExchange(context);
            context.getInflightRepository().addRoute("publish-month");
            context.getInflightRepository().add(stuck, "publish-month");
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(check.call().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("no progress for 660 s"));

            RunProgressHealthCheck recent = new RunProgressHealthCheck(progress, Duration.ofMinutes(10),
                    Clock.fixed(last.plus(Duration.ofMinutes(9)), ZoneOffset.UTC));
            recent.setCamelContext(context);
            assertThat(recent.call().getState()).as("moved within the bound").isEqualTo(HealthCheck.State.UP);
        }
    }
}
