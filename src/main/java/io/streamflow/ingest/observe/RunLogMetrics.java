package io.streamflow.ingest.observe;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamflow.ingest.run.ProgressListener;
import io.streamflow.ingest.run.RunStatus;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauges read from the run log ({@code ingestion_runs}), so that they are right after a restart and count every run,
 * the ingest command's and other instances' too. What the shipped alert rules (docs/alerts.yml) watch:
 * <ul>
 * <li>{@code streamflow_newest_published_as_of_seconds}: the newest as_of with a PUBLISHED run, as epoch seconds of
 * that date at 00:00 UTC; NaN while none is;</li>
 * <li>{@code streamflow_last_publish_timestamp_seconds}: when the last publish finished (PUBLISHED runs, and those
 * since RESTATED), epoch seconds; NaN while none did;</li>
 * <li>{@code streamflow_runs{status}}: runs in the run log by status, every status from the start at 0;</li>
 * <li>{@code streamflow_oldest_open_run_age_seconds}: how long the oldest run still STAGING or VALIDATING has been
 * open (the database's clock); 0 when none is.</li>
 * </ul>
 * The values are read (two small queries) every {@link #INTERVAL} on a thread of their own, and at once when a run
 * of this service is decided, on the deciding thread, so that the gauges agree with the run log when the run ends.
 * A scrape only reads the last values, so a database that is away slows no scrape (the gauges keep their last values; the {@code database}
 * health check says why). The gauges hold this object strongly: a gauge on an object the collector took reads NaN.
 */
public class RunLogMetrics extends ServiceSupport implements ProgressListener {

    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(RunLogMetrics.class);
    private static final String OPEN = "('STAGING', 'VALIDATING')";

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;
    private final ScheduledExecutorService executor;
    private final Map<String, Double> runs = new ConcurrentHashMap<>();
    private volatile double newestPublishedAsOf = Double.NaN;
    private volatile double lastPublish = Double.NaN;
    private volatile double oldestOpenRunAge;
    private volatile boolean failing;

    public RunLogMetrics(JdbcTemplate jdbc, MeterRegistry registry, ScheduledExecutorService executor) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.executor = executor;
        Gauge.builder("streamflow.newest.published.as.of", this, m -> m.newestPublishedAsOf).baseUnit("seconds").strongReference(true)
                .description("as_of of the newest published month, epoch seconds at 00:00 UTC of that date").register(registry);
        Gauge.builder("streamflow.last.publish.timestamp", this, m -> m.lastPublish).baseUnit("seconds").strongReference(true)
                .description("When the last publish finished, epoch seconds").register(registry);
        Gauge.builder("streamflow.oldest.open.run.age", this, m -> m.oldestOpenRunAge).baseUnit("seconds").strongReference(true)
                .description("How long the oldest run still staging or validating has been open; 0 when none is")
                .register(registry);
        for (RunStatus status : RunStatus.values()) {
            runsGauge(status.name());
        }
    }

    /** Reads the run log now; keeps the last values when the database does not answer. */
    public synchronized void refresh() {
        try {
            Map<String, Object> row = jdbc.queryForMap("SELECT"
                    + " (SELECT max(as_of) FROM ingestion_runs WHERE status = 'PUBLISHED') AS newest_as_of,"
                    + " (SELECT extract(epoch FROM max(finished_at)) FROM ingestion_runs"
                    + "   WHERE status IN ('PUBLISHED', 'RESTATED')) AS last_publish,"
                    + " (SELECT coalesce(extract(epoch FROM now() - min(started_at)), 0) FROM ingestion_runs"
                    + "   WHERE status IN " + OPEN + ") AS oldest_open");
            Map<String, Double> counts = new HashMap<>();
            jdbc.query("SELECT status, count(*) FROM ingestion_runs GROUP BY status",
                    rs -> {
                        counts.put(rs.getString(1), (double) rs.getLong(2));
                    });
            Object asOf = row.get("newest_as_of");
            newestPublishedAsOf = asOf == null ? Double.NaN : epochSeconds(((java.sql.Date) asOf).toLocalDate());
            lastPublish = number(row.get("last_publish"));
            oldestOpenRunAge = number(row.get("oldest_open"));
            counts.keySet().forEach(this::runsGauge);
            runs.replaceAll((status, old) -> counts.getOrDefault(status, 0.0));
            if (failing) {
                LOG.info("Run log metrics read again");
                failing = false;
            }
        } catch (DataAccessException e) {
            if (!failing) {
                LOG.warn("Run log metrics keep their last values: the run log cannot be read ({})", e.getMessage());
                failing = true;
            }
        }
    }

    /** A run of this service was decided: the gauges are read again now (two small queries), not at the next interval. */
    @Override
    public void monthDecided(RunStatus status) {
        refresh();
    }

    /** The value of a date as these gauges give it (00:00 UTC, epoch seconds): for tests and the docs. */
    public static double epochSeconds(LocalDate date) {
        return date.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    @Override
    protected void doStart() {
        executor.scheduleWithFixedDelay(this::refresh, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        executor.shutdownNow();
    }

    private void runsGauge(String status) {
        if (runs.putIfAbsent(status, 0.0) == null) {
            Gauge.builder("streamflow.runs", runs, r -> r.getOrDefault(status, 0.0)).strongReference(true)
                    .description("Runs in the run log (ingestion_runs), by status").tag("status", status).register(registry);
        }
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
