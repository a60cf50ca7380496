package io.streamflow.ingest.month;

import java.util.Arrays;
import java.util.TreeSet;

import io.streamflow.ingest.contract.ExpectationSuite;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the tables of one run as their files are staged. The aggregated body is the sorted,
 * comma-separated set of staged tables (a String, so the persistent repository stores it as is);
 * the month is complete when all six are in.
 */
public class MonthAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange gathered, Exchange staged) {
        if (gathered == null) {
            staged.getIn().setBody(tables(null, staged.getIn().getBody(String.class)));
            return staged;
        }
        gathered.getIn().setBody(tables(gathered.getIn().getBody(String.class), staged.getIn().getBody(String.class)));
        return gathered;
    }

    public boolean isComplete(Exchange gathered) {
        String body = gathered.getIn().getBody(String.class);
        return body != null && new TreeSet<>(Arrays.asList(body.split(","))).containsAll(ExpectationSuite.TABLES);
    }

    private static String tables(String gathered, String table) {
        TreeSet<String> tables = new TreeSet<>();
        if (gathered != null && !gathered.isEmpty()) {
            tables.addAll(Arrays.asList(gathered.split(",")));
        }
        if (table != null && ExpectationSuite.TABLES.contains(table)) {
            tables.add(table);
        }
        return String.join(",", tables);
    }
}
