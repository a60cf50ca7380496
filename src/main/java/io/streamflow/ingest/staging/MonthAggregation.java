package io.streamflow.ingest.staging;

import java.util.Arrays;
import java.util.TreeSet;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.run.MonthHeaders;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the tables of one run as their files are staged. The aggregated body is the sorted,
 * comma-separated set of staged tables (a String, so the persistent repository stores it as is);
 * the month is complete when all six are in, or when the run is closed by a {@link MonthHeaders#CLOSE} signal
 * (the {@code ingest} command takes its folders as complete).
 */
public class MonthAggregation implements AggregationStrategy {

    private static final String CLOSED = "#closed";

    @Override
    public Exchange aggregate(Exchange gathered, Exchange staged) {
        Exchange target = gathered == null ? staged : gathered;
        String before = gathered == null ? null : gathered.getIn().getBody(String.class);
        String table = staged.getIn().getHeader(MonthHeaders.CLOSE, false, Boolean.class) ? CLOSED : staged.getIn().getBody(String.class);
        target.getIn().setBody(tables(before, table));
        return target;
    }

    public boolean isComplete(Exchange gathered) {
        String body = gathered.getIn().getBody(String.class);
        if (body == null) {
            return false;
        }
        TreeSet<String> tables = new TreeSet<>(Arrays.asList(body.split(",")));
        return tables.contains(CLOSED) || tables.containsAll(ExpectationSuite.TABLES);
    }

    private static String tables(String gathered, String table) {
        TreeSet<String> tables = new TreeSet<>();
        if (gathered != null && !gathered.isEmpty()) {
            tables.addAll(Arrays.asList(gathered.split(",")));
        }
        if (table != null && (ExpectationSuite.TABLES.contains(table) || CLOSED.equals(table))) {
            tables.add(table);
        }
        return String.join(",", tables);
    }
}
