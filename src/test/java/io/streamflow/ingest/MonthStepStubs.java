package io.streamflow.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.MonthVerdict.Decision;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RetryBudget;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.staging.MonthAggregation;
import org.apache.camel.Body;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.spi.Registry;

/**
 * Binds what routes/month.yaml calls under the names it calls them, without a database: the real
 * {@link MonthAggregation} over the suite's tables, an in-memory aggregation repository in place of the JDBC one, a
 * retry budget of zero (nothing is retried), stand-ins for the gate, the publisher and the finisher that keep what
 * they are handed, and one for the archive (whose file consumer the tests replace).
 */
public final class MonthStepStubs implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        registry.bind("monthAggregation", new MonthAggregation(RoutesWithoutDatabase.SUITE.tableNames()));
        registry.bind("monthRepository", new MemoryAggregationRepository());
        registry.bind("retryBudget", new RetryBudget(Duration.ZERO));
        registry.bind("monthGate", new Gate());
        registry.bind("monthPublisher", new Publisher());
        registry.bind("runFinisher", new Finisher());
        registry.bind("decidedRuns", new DecidedRuns());
    }

    /** The quality gate's stand-in (monthGate): answers every month with the decision it is told, or fails. */
    public static final class Gate {

        /** What the gate was asked about a month: its headers, how the aggregator completed it, its tables. */
        public record Question(long runId, String month, String asOf, String completedBy, String tables) {
        }

        private final List<Question> asked = new CopyOnWriteArrayList<>();
        private volatile Decision decision = Decision.DONE;
        private volatile RuntimeException failure;

        public void decides(Decision next) {
            this.decision = next;
        }

        public void fails(RuntimeException next) {
            this.failure = next;
        }

        public List<Question> asked() {
            return List.copyOf(asked);
        }

        public MonthVerdict evaluate(@Header(MonthHeaders.RUN_ID) long runId, @Header(MonthHeaders.MONTH) String month,
                                     @Header(MonthHeaders.AS_OF) String asOf,
                                     @ExchangeProperty(Exchange.AGGREGATED_COMPLETED_BY) String completedBy,
                                     @Body String tables) {
            asked.add(new Question(runId, month, asOf, completedBy, tables));
            if (failure != null) {
                throw failure;
            }
            RunStatus status = switch (decision) {
                case PUBLISH -> RunStatus.VALIDATING;
                case FINISH -> RunStatus.REJECTED;
                case DONE -> RunStatus.PUBLISHED;
            };
            return MonthVerdict.of(runId, month, LocalDate.parse(asOf), "service").status(status).decision(decision)
                    .build();
        }
    }

    /** The publisher's stand-in (monthPublisher): hands the verdict on unchanged. */
    public static final class Publisher {
        public MonthVerdict publish(@Body MonthVerdict verdict) {
            return verdict;
        }
    }

    /** The finisher's stand-in (runFinisher): hands a verdict on unchanged and keeps the failures it is told of. */
    public static final class Finisher {

        private final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final List<Long> profiledAhead = new CopyOnWriteArrayList<>();

        public void profileAhead(@Body MonthVerdict verdict) {
            profiledAhead.add(verdict.runId());
        }

        private final List<Long> finished = new CopyOnWriteArrayList<>();
        private final Map<Long, CountDownLatch> held = new ConcurrentHashMap<>();

        /** The finish of this run waits until {@link #release} (at most 30 s). */
        public void hold(long runId) {
            held.put(runId, new CountDownLatch(1));
        }

        public void release(long runId) {
            held.get(runId).countDown();
        }

        public MonthVerdict finish(@Body MonthVerdict verdict) throws InterruptedException {
            CountDownLatch hold = held.get(verdict.runId());
            if (hold != null && !hold.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("run " + verdict.runId() + " was held and never released");
            }
            finished.add(verdict.runId());
            return verdict;
        }

        /** The runs finished, in the order their finish ended. */
        public List<Long> finished() {
            return List.copyOf(finished);
        }

        /** The runs whose profile was started while they were published. */
        public List<Long> profiledAhead() {
            return List.copyOf(profiledAhead);
        }

        public MonthVerdict failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
            failures.add(cause);
            return null;
        }

        public List<Throwable> failures() {
            return List.copyOf(failures);
        }
    }

    /** The archive's stand-in (decidedRuns): no run is decided for good here, so no staged file has a destination. */
    public static final class DecidedRuns {
        public void destination(Exchange exchange) {
            throw new IllegalStateException("no staged file is archived without a database");
        }
    }
}
