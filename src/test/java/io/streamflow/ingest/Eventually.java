package io.streamflow.ingest;

import java.time.Duration;

/**
 * Waits for a state that no exchange marks (a health check's answer, files the engine left on disk): the one polling
 * loop of the tests. Whatever a route does is awaited with Camel's NotifyBuilder instead.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 100;

    /** A state read again at every poll. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    /** True once the condition holds, false if it still does not after the timeout. */
    public static boolean holds(Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
