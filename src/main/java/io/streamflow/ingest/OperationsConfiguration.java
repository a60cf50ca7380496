package io.streamflow.ingest;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamflow.ingest.housekeeping.EmptyFolderSweeper;
import io.streamflow.ingest.observe.FoldersHealthCheck;
import io.streamflow.ingest.observe.RunLogMetrics;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What operating the service needs beside the beans the routes call (StreamflowConfiguration, which runs first and
 * binds the data source): the "folders" readiness check, the run log's gauges on /observe/metrics, and the sweeper of
 * the empty folders the file routes leave behind (routes/housekeeping.yaml). docs/operations.md describes each.
 */
public class OperationsConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        JdbcTemplate jdbc = new JdbcTemplate(registry.lookupByNameAndType("dataSource", DataSource.class));

        // readiness: the folders the service writes, each named when it cannot be written; checked once when the
        // service starts too, so that a bare `java -jar` says it in its log
        Map<String, Path> written = new LinkedHashMap<>();
        for (String folder : List.of("inbox", "staged", "archive", "failed", "reports")) {
            written.put(folder, Path.of(property(properties, "streamflow." + folder)));
        }
        written.put("cluster", Path.of(property(properties, "streamflow.cluster-root")));
        FoldersHealthCheck folders = new FoldersHealthCheck(written);
        registry.bind("foldersHealthCheck", folders);
        if (Boolean.parseBoolean(property(properties, "streamflow.watch"))) {
            context.addStartupListener((started, alreadyStarted) -> folders.call());
        }

        // /observe/metrics: gauges read from the run log (newest published as_of, last publish, runs by status)
        if (Boolean.parseBoolean(property(properties, "camel.management.enabled"))
                && Boolean.parseBoolean(property(properties, "camel.management.metrics-enabled"))) {
            context.addService(new RunLogMetrics(jdbc, meterRegistry(registry),
                    context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "run-log-metrics")));
        }

        registry.bind("emptyFolderSweeper", new EmptyFolderSweeper(written.get("inbox"), written.get("staged"), jdbc,
                Clock.systemUTC()));
    }

    /** The registry /observe/metrics scrapes (StreamflowConfiguration has bound it already). */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }
}
