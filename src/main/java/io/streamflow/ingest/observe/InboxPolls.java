package io.streamflow.ingest.observe;

import java.time.Instant;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;

/**
 * The inbox consumer's poll strategy (its {@code pollStrategy}): Camel's default, which also notes when a poll last
 * completed, so that {@link InboxHealthCheck} can tell a consumer that stopped polling from one with nothing to do.
 */
public class InboxPolls extends DefaultPollingConsumerPollStrategy {

    private volatile Instant lastPoll;

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        lastPoll = Instant.now();
        super.commit(consumer, endpoint, polledMessages);
    }

    /** When the last poll completed, or null before the first. */
    public Instant lastPoll() {
        return lastPoll;
    }
}
