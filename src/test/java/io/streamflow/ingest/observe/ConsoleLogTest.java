package io.streamflow.ingest.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ConsoleLogTest {

    private static LogRecord event(Level level, String logger, String message) {
        LogRecord event = new LogRecord(level, message);
        event.setLoggerName(logger);
        return event;
    }

    @Test
    void aLineNamesTimeLevelThreadLoggerAndMessage() {
        String line = new LogLine().format(event(Level.WARNING, "io.streamflow.ingest.finish.RunFinisher", "refused"));

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[" + Pattern.quote(Thread.currentThread().getName())
                + "] RunFinisher - refused" + System.lineSeparator());
    }

    @Test
    void levelsAreSpelledAsSlf4jSpellsThem() {
        assertThat(LogLine.level(Level.SEVERE)).isEqualTo("ERROR");
        assertThat(LogLine.level(Level.INFO)).isEqualTo("INFO ");
        assertThat(LogLine.level(Level.FINE)).isEqualTo("DEBUG");
        assertThat(LogLine.level(Level.FINEST)).isEqualTo("TRACE");
    }

    @Test
    void aFailureIsFollowedByItsStackTrace() {
        LogRecord event = event(Level.SEVERE, "x.Y", "failed");
        event.setThrown(new IllegalStateException("the cause"));

        assertThat(new LogLine().format(event)).contains("ERROR", "Y - failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: the cause", "at io.streamflow.ingest.observe.ConsoleLogTest");
    }

    @Test
    void onlyTheNamedMessagesOfTheNamedLoggersAreDropped() {
        QuietLines quiet = new QuietLines();
        String aggregator = "org.apache.camel.processor.aggregate.AggregateProcessor";

        assertThat(quiet.isLoggable(event(Level.INFO, aggregator, "Using CompletionTimeout to trigger after 1800000 millis"))).isFalse();
        assertThat(quiet.isLoggable(event(Level.INFO, aggregator, "Recovering 1 exchanges"))).isTrue();
        assertThat(quiet.isLoggable(event(Level.INFO, "io.streamflow.X", "Using CompletionTimeout"))).isTrue();
        assertThat(quiet.isLoggable(event(Level.WARNING, "org.apache.camel.support.task.BackgroundTask",
                "The task Leadership does not have more budget to continue running"))).isFalse();
        assertThat(quiet.isLoggable(event(Level.INFO, "org.apache.camel.component.master.MasterConsumer",
                "Consumer started: file://data/inbox"))).isTrue();
    }

    @Test
    void theJarsConfigurationNamesThisFormatAndFilter() throws Exception {
        Properties configuration = new Properties();
        try (InputStream in = ConsoleLog.class.getResourceAsStream(ConsoleLog.CONFIGURATION)) {
            configuration.load(in);
        }

        assertThat(configuration.getProperty("java.util.logging.ConsoleHandler.formatter")).isEqualTo(LogLine.class.getName());
        assertThat(configuration.getProperty("java.util.logging.ConsoleHandler.filter")).isEqualTo(QuietLines.class.getName());
        assertThat(configuration.getProperty(".level")).isEqualTo("INFO");
    }
}
