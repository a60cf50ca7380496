package io.streamflow.ingest.run;

import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * How long a failing step is retried (the route configurations' retryWhile): a transient failure of the database
 * while it lasts less than the budget since the step first failed, nothing else. Whatever the database says about a
 * statement or the data, and any other failure, would fail the same way again, so it is decided at once.
 */
public class RetryBudget {

    private static final String FIRST_FAILURE = "StreamflowFirstFailure";

    private final Duration budget;

    public RetryBudget(Duration budget) {
        this.budget = budget;
    }

    /** Whether to try the failed step again. */
    public boolean retry(Exchange exchange) {
        Throwable failure = failure(exchange);
        if (failure == null || !Failures.isTransient(failure)) {
            return false;
        }
        int redeliveries = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Long since = exchange.getProperty(FIRST_FAILURE, Long.class);
        if (redeliveries == 0 || since == null) {
            since = System.nanoTime(); // a step failing for the first time starts its own budget
            exchange.setProperty(FIRST_FAILURE, since);
        }
        return System.nanoTime() - since < budget.toNanos();
    }

    /** Whether a failure is not the database's availability: retrying would not help. */
    public boolean permanent(Exchange exchange) {
        return !Failures.isTransient(failure(exchange));
    }

    /**
     * The failure being handled: while the error handler evaluates its predicates the exchange carries it in
     * EXCEPTION_CAUGHT, not as its exception.
     */
    private static Throwable failure(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    public Duration budget() {
        return budget;
    }
}
