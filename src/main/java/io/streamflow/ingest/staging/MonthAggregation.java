package io.streamflow.ingest.staging;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import io.streamflow.ingest.run.MonthHeaders;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

/**
 * Gathers the tables of one run as their files are staged. The aggregated body is the sorted, comma-separated set of
 * staged tables (a String, so the persistent repository stores it as is); the month is complete when all its tables
 * are in, or when the run is closed by a {@link MonthHeaders#CLOSE} signal (the {@code ingest} command takes its
 * folders as complete).
 */
public class MonthAggregation implements AggregationStrategy {

    private static final String CLOSED = "#closed";

    private final List<String> tables;

    /** @param tables the tables a month consists of (the expectation suite's) */
    public MonthAggregation(List<String> tables) {
        this.tables = List.copyOf(tables);
    }

    @Override
    public Exchange aggregate(Exchange gathered, Exchange staged) {
        Exchange target = gathered == null ? staged : gathered;
        String before = gathered == null ? null : gathered.getIn().getBody(String.class);
        boolean closing = staged.getIn().getHeader(MonthHeaders.CLOSE, false, Boolean.class);
        // the close mark comes from the signal's header only, never from a body (a file may be named anything)
        String table = closing ? CLOSED : staged.getIn().getBody(String.class);
        target.getIn().setBody(merged(before, table, closing));
        return target;
    }

    /** Whether the gathered tables make a month: all of them, or what was staged when the run was closed. */
    public boolean isComplete(@Body String gathered) {
        if (gathered == null) {
            return false;
        }
        TreeSet<String> staged = new TreeSet<>(Arrays.asList(gathered.split(",")));
        return staged.contains(CLOSED) || staged.containsAll(tables);
    }

    private String merged(String gathered, String table, boolean closing) {
        TreeSet<String> staged = new TreeSet<>();
        if (gathered != null && !gathered.isEmpty()) {
            staged.addAll(Arrays.asList(gathered.split(",")));
        }
        if (closing || table != null && tables.contains(table)) {
            staged.add(table);
        }
        return String.join(",", staged);
    }
}
