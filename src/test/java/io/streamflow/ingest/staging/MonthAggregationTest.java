package io.streamflow.ingest.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.streamflow.ingest.run.MonthHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * Specifies the aggregation of a month's tables: the gathered body is the sorted set of the month's tables staged so
 * far, anything else is ignored, and a month is complete with all of its tables or once closed. (The exchanges belong
 * to a Camel context that is never started.)
 */
class MonthAggregationTest {

    private static final List<String> TABLES = List.of("users", "subscriptions", "labels");
    private static final CamelContext UNSTARTED = new DefaultCamelContext();

    private final MonthAggregation aggregation = new MonthAggregation(TABLES);

    @Test
    void theFirstTableStartsTheMonthInItsOwnExchange() {
        Exchange first = staged("labels");

        Exchange gathered = aggregation.aggregate(null, first);

        assertThat(gathered).isSameAs(first);
        assertThat(body(gathered)).isEqualTo("labels");
        assertThat(aggregation.isComplete(body(gathered))).isFalse();
    }

    @Test
    void tablesAreGatheredSortedAndOnceEach() {
        assertThat(body(gathered("users", "labels", "users", "labels"))).isEqualTo("labels,users");
    }

    @Test
    void aMonthIsCompleteWithAllItsTablesInAnyOrder() {
        assertThat(aggregation.isComplete(body(gathered("labels", "subscriptions")))).isFalse();
        assertThat(aggregation.isComplete(body(gathered("labels", "subscriptions", "users")))).isTrue();
        assertThat(aggregation.isComplete(body(gathered("subscriptions", "users", "labels")))).isTrue();
    }

    @Test
    void whatIsNoTableOfTheMonthIsIgnored() {
        Exchange gathered = gathered("users", "RESTATE", "notes.txt", "", "Labels", "users,labels", " labels");

        assertThat(body(gathered)).isEqualTo("users");
        assertThat(aggregation.isComplete(body(gathered))).isFalse();
    }

    @Test
    void aNullTableChangesNothing() {
        Exchange gathered = gathered("users");

        aggregation.aggregate(gathered, staged(null));

        assertThat(body(gathered)).isEqualTo("users");
    }

    @Test
    void theCloseSignalCompletesTheMonthWithWhatIsStaged() {
        Exchange gathered = gathered("users");

        aggregation.aggregate(gathered, closing());

        assertThat(body(gathered)).contains("users");
        assertThat(aggregation.isComplete(body(gathered))).isTrue();
    }

    @Test
    void theCloseSignalAloneCompletesAMonthWithNoTable() {
        Exchange closed = aggregation.aggregate(null, closing());

        assertThat(aggregation.isComplete(body(closed))).isTrue();
        assertThat(body(closed).split(",")).doesNotContainAnyElementsOf(TABLES);
    }

    @Test
    void aFileNamedLikeTheCloseMarkClosesNothing() {
        Exchange gathered = gathered("users", "#closed");

        assertThat(body(gathered)).isEqualTo("users");
        assertThat(aggregation.isComplete(body(gathered))).isFalse();
    }

    @Test
    void aCloseSignalSetToFalseClosesNothing() {
        Exchange notClosing = staged("users");
        notClosing.getIn().setHeader(MonthHeaders.CLOSE, false);

        assertThat(aggregation.isComplete(body(aggregation.aggregate(null, notClosing)))).isFalse();
    }

    @Test
    void nothingGatheredIsNoMonth() {
        assertThat(aggregation.isComplete(null)).isFalse();
        assertThat(aggregation.isComplete("")).isFalse();
    }

    @Test
    void theTablesOfTheMonthAreCopiedWhenItIsMade() {
        List<String> tables = new ArrayList<>(List.of("users"));
        MonthAggregation ofUsers = new MonthAggregation(tables);
        tables.add("labels");

        assertThat(ofUsers.isComplete("users")).isTrue();
    }

    private Exchange gathered(String... tables) {
        Exchange gathered = null;
        for (String table : tables) {
            gathered = aggregation.aggregate(gathered, staged(table));
        }
        return gathered;
    }

    private static Exchange staged(String table) {
        Exchange exchange = new DefaultExchange(UNSTARTED);
        exchange.getIn().setBody(table);
        return exchange;
    }

    /** What the ingest command sends when a folder lacks files. */
    private static Exchange closing() {
        Exchange exchange = staged("");
        exchange.getIn().setHeader(MonthHeaders.CLOSE, true);
        return exchange;
    }

    private static String body(Exchange exchange) {
        return exchange.getIn().getBody(String.class);
    }
}
