package io.streamflow.ingest.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.streamflow.ingest.intake.TableIntake;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Where the time of a run goes, for the run log ({@code ingestion_runs.stage_millis}) and the report:
 * <ul>
 *   <li>{@code parse}: reading, hashing and parsing the files, and the routing around it (the files' intake
 *       time less the two below);</li>
 *   <li>{@code validate}: the row checks ({@code RowChecker});</li>
 *   <li>{@code stage}: writing into staging: the COPY of each chunk (StagingCopy), the row errors sent to
 *       {@code sql:} endpoints and the staged-row count of each file;</li>
 *   <li>{@code gate}, {@code publish} (live upserts), {@code snapshot} (snapshot inserts), {@code cleanup}.</li>
 * </ul>
 * Intake stages are summed over the files of a run, so with files staged in parallel they add up to more than
 * the wall time. Kept in memory: a run gathered across a restart reports the time since the restart.
 */
public class StageClock extends EventNotifierSupport {

    public static final String PARSE = "parse";
    public static final String VALIDATE = "validate";
    public static final String STAGE = "stage";
    public static final String GATE = "gate";
    public static final String PUBLISH = "publish";
    public static final String SNAPSHOT = "snapshot";
    public static final String CLEANUP = "cleanup";
    private static final String INTAKE = "intake";
    private static final String SENDING = "StreamflowSqlSending";

    private final Map<Long, Map<String, LongAdder>> nanos = new ConcurrentHashMap<>();

    public StageClock() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    public void add(long runId, String stage, long elapsedNanos) {
        nanos.computeIfAbsent(runId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(stage, s -> new LongAdder()).add(elapsedNanos);
    }

    /** The whole intake of one file, from its header check to its staged_files record. */
    public void fileStaged(long runId, long elapsedNanos) {
        add(runId, INTAKE, elapsedNanos);
    }

    /** parse, validate and stage of a run so far, in milliseconds. */
    public Map<String, Long> intakeMillis(long runId) {
        Map<String, LongAdder> run = nanos.getOrDefault(runId, Map.of());
        long validate = sum(run, VALIDATE);
        long stage = sum(run, STAGE);
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put(PARSE, Math.max(0, sum(run, INTAKE) - validate - stage) / 1_000_000);
        millis.put(VALIDATE, validate / 1_000_000);
        millis.put(STAGE, stage / 1_000_000);
        return millis;
    }

    public void forget(long runId) {
        nanos.remove(runId);
    }

    private static long sum(Map<String, LongAdder> run, String stage) {
        LongAdder adder = run.get(stage);
        return adder == null ? 0 : adder.sum();
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
            add(runId, STAGE, System.nanoTime() - started);
        }
        exchange.removeProperty(SENDING);
    }

    private static boolean isSql(String uri) {
        return uri.startsWith("sql:") || uri.startsWith("sql://");
    }
}
