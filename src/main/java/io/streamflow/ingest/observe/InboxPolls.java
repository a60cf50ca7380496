package io.streamflow.ingest.observe;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox consumer's poll strategy (its {@code pollStrategy}): Camel's default, which also notes when a poll last
 * completed, so that {@link InboxHealthCheck} can tell a consumer that stopped polling from one with nothing to do,
 * and logs once when this instance first polls the inbox: from then on a month dropped there is taken (the instance
 * holds the cluster lock and its consumer runs). bench/run waits for that line before it drops a month.
 */
public class InboxPolls extends DefaultPollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(InboxPolls.class);

    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile Instant lastPoll;

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        if (watching.compareAndSet(false, true)) {
            LOG.info("Watching the inbox {} ms after JVM start",
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        }
        return super.begin(consumer, endpoint);
    }

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
