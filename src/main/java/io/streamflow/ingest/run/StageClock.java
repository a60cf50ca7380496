package io.streamflow.ingest.run;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the time a run's exchanges spend in {@code sql:} endpoints (the row errors a file's checks found) as
 * {@link Stage#STAGE}, in the run's {@link RunState}: the one part of staging that a Camel component does, timed
 * by the events Camel sends around it. Everything else is timed where it is done, with {@link RunState#time}.
 */
public class StageClock extends EventNotifierSupport {

    private static final String SENDING = "StreamflowSqlSending";

    private final Runs runs;

    public StageClock(Runs runs) {
        this.runs = runs;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return (event instanceof CamelEvent.ExchangeSendingEvent sending && isSql(sending.getEndpoint().getEndpointUri()))
                || (event instanceof CamelEvent.ExchangeSentEvent sent && isSql(sent.getEndpoint().getEndpointUri()));
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (event instanceof CamelEvent.ExchangeSendingEvent) {
            exchange.setProperty(SENDING, System.nanoTime());
            return;
        }
        Long started = exchange.getProperty(SENDING, Long.class);
        Long runId = exchange.getIn().getHeader(MonthHeaders.RUN_ID, Long.class);
        if (started != null && runId != null) {
            runs.of(runId).add(Stage.STAGE, System.nanoTime() - started);
        }
        exchange.removeProperty(SENDING);
    }

    private static boolean isSql(String uri) {
        return uri.startsWith("sql:") || uri.startsWith("sql://");
    }
}
