package io.streamflow.ingest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import io.streamflow.ingest.MonthStepStubs;
import io.streamflow.ingest.RoutesWithoutDatabase;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.MonthVerdict.Decision;
import io.streamflow.ingest.run.MonthVerdict;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/**
 * Specifies the validate-month route: the gate's verdict on a month sends it to publish-month (PUBLISH) or to
 * finish-month (FINISH), or nowhere when the run is decided already (DONE); a gate that fails has its run refused by
 * the finisher, and the month goes nowhere else.
 */
@CamelMainTest(propertyPlaceholderLocations = RoutesWithoutDatabase.PROPERTIES,
        properties = RoutesWithoutDatabase.MONTH_ROUTES,
        configurationClasses = MonthStepStubs.class,
        replaceRouteFromWith = "month-archive=direct:month-archive",
        advices = @AdviceRouteMapping(route = "validate-month", advice = ValidateMonthRouteTest.NextSteps.class))
class ValidateMonthRouteTest {

    /** validate-month with its two next steps replaced by mock endpoints. */
    public static class NextSteps extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:publish-month").replace().to("mock:publish-month");
            weaveByToUri("direct:finish-month").replace().to("mock:finish-month");
        }
    }

    @BeanInject
    CamelContext context;

    @Produce("direct:validate-month")
    ProducerTemplate validateMonth;

    @EndpointInject("mock:publish-month")
    MockEndpoint publish;

    @EndpointInject("mock:finish-month")
    MockEndpoint finish;

    @BeanInject("monthGate")
    MonthStepStubs.Gate gate;

    @BeanInject("runFinisher")
    MonthStepStubs.Finisher finisher;

    @Test
    void aMonthThatPassedTheGateIsPublished() throws Exception {
        gate.decides(Decision.PUBLISH);
        publish.expectedMessageCount(1);
        finish.expectedMessageCount(0);

        validated("timeout");

        MockEndpoint.assertIsSatisfied(publish, finish);
        assertThat(verdictOf(publish.getReceivedExchanges().get(0))).satisfies(verdict -> {
            assertThat(verdict.runId()).isEqualTo(7);
            assertThat(verdict.decision()).isEqualTo(Decision.PUBLISH);
        });
        assertThat(gate.asked()).singleElement().isEqualTo(
                new MonthStepStubs.Gate.Question(7, "month_002", "2024-03-31", "timeout", "labels,users"));
        assertThat(finisher.profiledAhead()).as("the report's profile started with the publish").containsExactly(7L);
    }

    @Test
    void aMonthTheGateRefusedIsFinished() throws Exception {
        gate.decides(Decision.FINISH);
        publish.expectedMessageCount(0);
        finish.expectedMessageCount(1);

        validated("predicate");

        MockEndpoint.assertIsSatisfied(publish, finish);
        assertThat(verdictOf(finish.getReceivedExchanges().get(0)).decision()).isEqualTo(Decision.FINISH);
        assertThat(finisher.profiledAhead()).as("a refused month is profiled when it is finished").isEmpty();
    }

    @Test
    void aMonthDecidedAlreadyGoesNowhere() throws Exception {
        gate.decides(Decision.DONE);
        publish.expectedMessageCount(0);
        finish.expectedMessageCount(0);

        validated("predicate");

        MockEndpoint.assertIsSatisfied(publish, finish);
        assertThat(gate.asked()).hasSize(1);
        assertThat(finisher.failures()).isEmpty();
    }

    @Test
    void aGateThatFailsHasItsRunRefusedByTheFinisherOnce() throws Exception {
        gate.fails(new IllegalStateException("the gate broke"));
        publish.expectedMessageCount(0);
        finish.expectedMessageCount(0);

        Exchange done = validated("predicate");

        MockEndpoint.assertIsSatisfied(publish, finish);
        assertThat(done.getException()).isNull();
        assertThat(gate.asked()).hasSize(1);
        assertThat(finisher.failures()).singleElement()
                .satisfies(cause -> assertThat(cause).hasMessage("the gate broke"));
    }

    /** Sends run 7 of month_002 to validate-month, as the aggregator completed it, and waits until it is done. */
    private Exchange validated(String completedBy) {
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("validate-month").whenDone(1).create();
        Exchange sent = validateMonth.send(exchange -> {
            exchange.getIn().setBody("labels,users");
            exchange.getIn().setHeader(MonthHeaders.RUN_ID, 7L);
            exchange.getIn().setHeader(MonthHeaders.MONTH, "month_002");
            exchange.getIn().setHeader(MonthHeaders.AS_OF, "2024-03-31");
            exchange.setProperty(Exchange.AGGREGATED_COMPLETED_BY, completedBy);
        });
        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        return sent;
    }

    private static MonthVerdict verdictOf(Exchange exchange) {
        return exchange.getIn().getBody(MonthVerdict.class);
    }
}
