package io.streamflow.ingest.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/**
 * The log: one line per event on standard error, through SLF4J's binding to {@code java.util.logging}, configured by
 * {@code logging.properties} in the jar (levels, {@link LogLine}, {@link QuietLines}), or by the file that the system
 * property {@code java.util.logging.config.file} names instead. The JDK's own logging is ready within milliseconds of
 * the JVM's start, which every command's start-up waits for.
 */
public final class ConsoleLog {

    /** Where the jar's configuration lies on the class path. */
    static final String CONFIGURATION = "/logging.properties";

    private ConsoleLog() {
    }

    /**
     * Sets the log up before anything logs: the {@link KeptToTheEnd} manager, and the jar's configuration unless the
     * JVM was given one. Called once, first, by the entry point (Streamflow.main).
     */
    public static void configure() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", KeptToTheEnd.class.getName());
        }
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = ConsoleLog.class.getResourceAsStream(CONFIGURATION)) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CONFIGURATION + " of the jar", e);
        }
    }

    /**
     * The JDK's log manager, but for the reset its own shutdown hook makes: that would drop every line logged after it
     * (a service stopped by SIGTERM logs its routes and runs stopping while the JVM shuts down). A configuration
     * read again still resets it. Each line is written out as it is logged, so nothing waits to be flushed at exit.
     */
    public static final class KeptToTheEnd extends LogManager {

        private volatile boolean reading;

        @Override
        public void readConfiguration(InputStream in) throws IOException {
            reading = true;
            try {
                super.readConfiguration(in);
            } finally {
                reading = false;
            }
        }

        @Override
        public void reset() {
            if (reading) {
                super.reset();
            }
        }
    }
}
