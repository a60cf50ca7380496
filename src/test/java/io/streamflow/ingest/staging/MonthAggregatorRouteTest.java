package io.streamflow.ingest.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.streamflow.ingest.Eventually;
import io.streamflow.ingest.MonthStepStubs;
import io.streamflow.ingest.RoutesWithoutDatabase;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.MonthVerdict.Decision;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Specifies the month-aggregator route: the tables of a run, staged in any order, make a month for validate-month
 * once all six are in, once the run is closed, or once the month timeout passes; until then the month waits in the
 * aggregation repository.
 */
@CamelMainTest(propertyPlaceholderLocations = RoutesWithoutDatabase.PROPERTIES,
        properties = RoutesWithoutDatabase.MONTH_ROUTES,
        configurationClasses = MonthStepStubs.class,
        replaceRouteFromWith = "month-archive=direct:month-archive",
        mockEndpoints = "direct:validate-month")
class MonthAggregatorRouteTest {

    private static final List<String> TABLES = RoutesWithoutDatabase.SUITE.tableNames();

    @BeanInject
    CamelContext context;

    @Produce("direct:table-staged")
    ProducerTemplate tableStaged;

    @EndpointInject("mock:direct:validate-month")
    MockEndpoint validateMonth;

    @BeanInject("monthGate")
    MonthStepStubs.Gate gate;

    @BeanInject("runFinisher")
    MonthStepStubs.Finisher finisher;

    @ReplaceInRegistry
    AggregationRepository monthRepository = new MemoryAggregationRepository();

    @Test
    void aMonthIsValidatedOnceItsSixTablesAreInWhateverTheirOrder() throws Exception {
        List<String> order = new ArrayList<>(TABLES);
        Collections.reverse(order);
        stagedAndStillOpen(1, order.subList(0, 5));
        validateMonth.expectedMessageCount(1);
        validateMonth.expectedBodiesReceived(sorted(TABLES));
        validateMonth.expectedHeaderReceived(MonthHeaders.RUN_ID, 1L);
        validateMonth.expectedPropertyReceived(Exchange.AGGREGATED_COMPLETED_BY, "predicate");
        NotifyBuilder validated = validatedMonths(1);

        staged(1, order.get(5));

        validateMonth.assertIsSatisfied();
        assertThat(validated.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(monthRepository.getKeys()).isEmpty();
        assertThat(gate.asked()).singleElement().satisfies(question -> {
            assertThat(question.month()).isEqualTo("month_000");
            assertThat(question.completedBy()).isEqualTo("predicate");
        });
    }

    @Test
    void aTableStagedAgainOrATableOfNoMonthDoesNotCompleteAMonth() throws Exception {
        List<String> five = TABLES.subList(0, 5);
        stagedAndStillOpen(1, five);
        stagedAndStillOpen(1, List.of(five.get(0), "RESTATE", "users.csv", ""));
        assertThat(monthRepository.get(context, "1").getIn().getBody(String.class)).isEqualTo(sorted(five));
    }

    @Test
    void theTablesOfTwoRunsAreGatheredApart() throws Exception {
        validateMonth.expectedMessageCount(1);
        validateMonth.expectedHeaderReceived(MonthHeaders.RUN_ID, 2L);
        for (String table : TABLES) {
            staged(1, table.equals(TABLES.get(0)) ? TABLES.get(1) : table);
            staged(2, table);
        }
        validateMonth.assertIsSatisfied();
        assertThat(monthRepository.getKeys()).containsExactly("1");
    }

    @Test
    void theCloseSignalValidatesAMonthWithWhatIsStaged() throws Exception {
        stagedAndStillOpen(3, List.of("users", "labels"));
        validateMonth.expectedMessageCount(1);
        validateMonth.expectedPropertyReceived(Exchange.AGGREGATED_COMPLETED_BY, "predicate");

        closed(3);

        validateMonth.assertIsSatisfied();
        assertThat(tablesOf(validateMonth.getReceivedExchanges().get(0))).contains("users", "labels")
                .doesNotContainAnyElementsOf(TABLES.subList(1, TABLES.size() - 1));
        assertThat(monthRepository.getKeys()).isEmpty();
    }

    @Test
    void theCloseSignalAloneValidatesAMonthWithNoTable() throws Exception {
        validateMonth.expectedMessageCount(1);
        validateMonth.expectedHeaderReceived(MonthHeaders.RUN_ID, 4L);

        closed(4);

        validateMonth.assertIsSatisfied();
        assertThat(tablesOf(validateMonth.getReceivedExchanges().get(0))).doesNotContainAnyElementsOf(TABLES);
    }

    @Test
    void theNextMonthIsGatedWhileTheMonthBeforeIsStillFinishing() throws Exception {
        gate.decides(Decision.FINISH);
        finisher.hold(1);
        NotifyBuilder bothDone = validatedMonths(2);

        TABLES.forEach(table -> staged(1, table));
        TABLES.forEach(table -> staged(2, table));

        // the finish of run 1 (its report, in the service) holds neither the aggregator nor run 2's gate
        assertThat(Eventually.holds(Duration.ofSeconds(10), () -> gate.asked().size() == 2)).as("run 2 gated").isTrue();
        assertThat(gate.asked()).extracting(MonthStepStubs.Gate.Question::runId).containsExactly(1L, 2L);
        assertThat(finisher.finished()).as("run 1 is still finishing").isEmpty();
        finisher.release(1);
        assertThat(bothDone.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(finisher.finished()).as("months finish one at a time, in their order").containsExactly(1L, 2L);
        assertThat(monthRepository.getKeys()).isEmpty();
    }

    /** Specifies the month timeout, set to a fifth of a second for it. */
    @Nested
    @CamelMainTest(properties = "streamflow.month-timeout-ms=200")
    class WhenAFileNeverComes {

        @Test
        void theMonthIsValidatedAtTheTimeoutWithTheTablesItHas() throws Exception {
            NotifyBuilder validated = validatedMonths(1);
            validateMonth.expectedMessageCount(1);
            validateMonth.expectedBodiesReceived(sorted(TABLES.subList(1, 6)));
            validateMonth.expectedPropertyReceived(Exchange.AGGREGATED_COMPLETED_BY, "timeout");

            TABLES.subList(1, 6).forEach(table -> staged(5, table));

            validateMonth.assertIsSatisfied();
            assertThat(validated.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(gate.asked()).singleElement().satisfies(question -> {
                assertThat(question.runId()).isEqualTo(5L);
                assertThat(question.completedBy()).isEqualTo("timeout");
            });
            assertThat(monthRepository.getKeys()).isEmpty();
        }
    }

    /** Notified once as many months as given have been through validate-month (the gate has answered). */
    private NotifyBuilder validatedMonths(int count) {
        return new NotifyBuilder(context).whenDone(count).wereSentTo("direct:validate-month").create();
    }

    /** Stages the tables one by one; after each, the month still waits in the repository and nothing is validated. */
    private void stagedAndStillOpen(long runId, List<String> tables) throws Exception {
        for (String table : tables) {
            NotifyBuilder added = new NotifyBuilder(context).fromRoute("month-aggregator").whenDone(1).create();
            staged(runId, table);
            assertThat(added.matches(5, TimeUnit.SECONDS)).isTrue();
            assertThat(monthRepository.getKeys()).contains(Long.toString(runId));
        }
        validateMonth.expectedMessageCount(0);
        validateMonth.assertIsSatisfied();
        validateMonth.reset();
    }

    private void staged(long runId, String table) {
        tableStaged.sendBodyAndHeaders(table, headers(runId));
    }

    /** What the ingest command sends when a folder lacks files: close the run with what it has. */
    private void closed(long runId) {
        Map<String, Object> headers = new java.util.HashMap<>(headers(runId));
        headers.put(MonthHeaders.CLOSE, true);
        tableStaged.sendBodyAndHeaders("", headers);
    }

    private static Map<String, Object> headers(long runId) {
        return Map.of(MonthHeaders.RUN_ID, runId, MonthHeaders.MONTH, "month_000", MonthHeaders.AS_OF, "2024-01-31");
    }

    private static List<String> tablesOf(Exchange validated) {
        return List.of(validated.getIn().getBody(String.class).split(","));
    }

    private static String sorted(List<String> tables) {
        return String.join(",", new TreeSet<>(tables));
    }
}
