package io.streamflow.ingest;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.streamflow.ingest.housekeeping.EmptyFolderSweeper;
import io.streamflow.ingest.observe.FoldersHealthCheck;
import io.streamflow.ingest.observe.RunLogMetrics;
import io.streamflow.ingest.run.MonthProgress;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
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
        StreamflowSettings settings = registry.lookupByNameAndType("streamflowSettings", StreamflowSettings.class);
        JdbcTemplate jdbc = new JdbcTemplate(registry.lookupByNameAndType("dataSource", DataSource.class));

        // readiness: the folders the service writes, each named when it cannot be written; checked once when the
        // service starts too, so that a bare `java -jar` says it in its log
        Map<String, Path> written = new LinkedHashMap<>();
        written.put("inbox", settings.inbox());
        written.put("staged", settings.staged());
        written.put("archive", settings.archive());
        written.put("failed", settings.failed());
        written.put("reports", settings.reports());
        written.put("cluster", settings.clusterRoot());
        FoldersHealthCheck folders = new FoldersHealthCheck(written);
        registry.bind("foldersHealthCheck", folders);
        if (settings.watch()) {
            context.addStartupListener((started, alreadyStarted) -> folders.call());
        }

        // /observe/metrics: gauges read from the run log (newest published as_of, last publish, runs by status)
        if (Boolean.parseBoolean(property(properties, "camel.management.enabled"))
                && Boolean.parseBoolean(property(properties, "camel.management.metrics-enabled"))) {
            RunLogMetrics runLogMetrics = new RunLogMetrics(jdbc, StreamflowConfiguration.meterRegistry(registry),
                    context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "run-log-metrics"));
            context.addService(runLogMetrics);
            registry.lookupByNameAndType("monthProgress", MonthProgress.class).onDecision(runLogMetrics);
        }

        registry.bind("emptyFolderSweeper", new EmptyFolderSweeper(written.get("inbox"), written.get("staged"), jdbc,
                Clock.systemUTC()));
    }

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }
}
