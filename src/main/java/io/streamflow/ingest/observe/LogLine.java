package io.streamflow.ingest.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A log line: {@code 10:15:30.123 INFO  [thread] Logger - message}, the time in the JVM's zone, the level in SLF4J's
 * words, the thread that logged, the logger's simple name; a failure's stack trace follows on its own lines.
 */
public final class LogLine extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    @Override
    public String format(LogRecord event) {
        StringBuilder line = new StringBuilder(160);
        TIME.formatTo(event.getInstant().atZone(ZoneId.systemDefault()), line);
        line.append(' ').append(level(event.getLevel()))
                // a handler publishes on the thread that logged (ConsoleHandler does)
                .append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(simpleName(event.getLoggerName())).append(" - ").append(formatMessage(event))
                .append(System.lineSeparator());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** SLF4J's level names, five wide: ERROR, WARN, INFO, DEBUG, TRACE. */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN ";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO ";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static String simpleName(String logger) {
        return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }
}
