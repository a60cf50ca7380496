package io.streamflow.ingest;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Hashtable;
import java.util.OptionalInt;

import javax.management.ObjectName;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.dashboard.DashboardHttpEngine;
import io.streamflow.ingest.dashboard.DashboardPage;
import io.streamflow.ingest.dashboard.DashboardQueries;
import io.streamflow.ingest.dashboard.ReportFiles;
import io.streamflow.ingest.db.Database;
import io.streamflow.ingest.intake.Inbox;
import io.streamflow.ingest.intake.MonthReadLock;
import io.streamflow.ingest.intake.RowChecker;
import io.streamflow.ingest.staging.RowDigests;
import io.streamflow.ingest.staging.StagingCopy;
import io.streamflow.ingest.intake.TableIntake;
import io.streamflow.ingest.finish.DecidedRuns;
import io.streamflow.ingest.publish.LiveHistory;
import io.streamflow.ingest.publish.MonthRetraction;
import io.streamflow.ingest.staging.MonthAggregation;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.gate.MonthGate;
import io.streamflow.ingest.publish.MonthPublisher;
import io.streamflow.ingest.finish.MonthReport;
import io.streamflow.ingest.finish.RunFinisher;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunOutcomes;
import io.streamflow.ingest.observe.DatabaseHealthCheck;
import io.streamflow.ingest.observe.InboxHealthCheck;
import io.streamflow.ingest.observe.InboxPolls;
import io.streamflow.ingest.observe.IngestMetrics;
import io.streamflow.ingest.run.MonthProgress;
import io.streamflow.ingest.observe.RunProgressHealthCheck;
import io.streamflow.ingest.run.RetryBudget;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.micrometer.MicrometerConstants;
import io.streamflow.ingest.run.StageClock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the beans the routes call, from camel-main properties (application.properties, overridden by
 * environment variables): the database, the expectation suite, the month machinery and the dashboard.
 */
public class StreamflowConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StreamflowConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Registry registry = context.getRegistry();

        Database database = Database.open(new Database.Settings(
                property(properties, "streamflow.db.host"),
                Integer.parseInt(property(properties, "streamflow.db.port")),
                property(properties, "streamflow.db.name"),
                property(properties, "streamflow.db.user"),
                property(properties, "streamflow.db.password"),
                Path.of(property(properties, "streamflow.db.embedded-dir")),
                Duration.ofSeconds(Long.parseLong(property(properties, "streamflow.db.wait-seconds"))),
                Integer.parseInt(property(properties, "streamflow.db.pool-size")),
                property(properties, "streamflow.db.work-mem")),
                new Database.Migrations(ProjectFiles.flywayLocation(),
                        switch (property(properties, "streamflow.db.schema-check")) {
                            case "validate" -> OptionalInt.empty();
                            case "version" -> ProjectFiles.newestMigration();
                            default -> throw new IllegalArgumentException(
                                    "streamflow.db.schema-check must be validate or version");
                        }));
        // Streamflow.application waits for the database's start-up (Database.awaitReady) before the context starts
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        }, true, true);

        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(database.dataSource());
        ExpectationSuite suite = ExpectationSuite.load(ProjectFiles.expectations(property(properties, "streamflow.expectations")));
        MonthFolder monthFolder = new MonthFolder(YearMonth.parse(property(properties, "streamflow.base-month")),
                Path.of(property(properties, "streamflow.inbox")), Path.of(property(properties, "streamflow.staged")), Path.of(property(properties, "streamflow.archive")),
                Path.of(property(properties, "streamflow.failed")), Clock.systemDefaultZone());
        Path reports = Path.of(property(properties, "streamflow.reports"));
        Files.createDirectories(reports);
        RunLog runLog = new RunLog(jdbc);
        StageClock clock = new StageClock();
        RowDigests digests = new RowDigests();
        context.getManagementStrategy().addEventNotifier(clock);

        JdbcAggregationRepository monthRepository =
                new JdbcAggregationRepository(transactions, "month_aggregation", database.dataSource());
        monthRepository.setUseRecovery(true);
        monthRepository.setRecoveryInterval(Long.parseLong(property(properties, "streamflow.recovery-interval-ms")));
        monthRepository.setAllowSerializedHeaders(false);

        MonthProgress progress = new MonthProgress(new IngestMetrics(meterRegistry(registry)));
        context.addStartupListener((started, alreadyStarted) -> exposeOverJmx(started, progress));

        registry.bind("database", database);
        registry.bind("dataSource", database.dataSource());
        registry.bind("transactionManager", transactions);
        registry.bind("expectationSuite", suite);
        registry.bind("monthFolder", monthFolder);
        registry.bind("runLog", runLog);
        registry.bind("stageClock", clock);
        registry.bind("tableIntake", new TableIntake(suite, monthFolder, runLog, jdbc, progress, clock, digests,
                Long.parseLong(property(properties, "streamflow.max-line-bytes"))));
        registry.bind("stagingCopy", new StagingCopy(database.dataSource(), clock));
        registry.bind("rowChecker", new RowChecker(clock, digests));
        Duration settle = Duration.ofMillis(Long.parseLong(property(properties, "streamflow.settle-ms")));
        registry.bind("inbox", new Inbox(monthFolder.inbox(), monthFolder.unrecognisedFolder(), monthFolder, suite, settle));
        registry.bind("monthReadLock", new MonthReadLock(runLog, settle));
        InboxPolls polls = new InboxPolls();
        registry.bind("inboxPolls", polls);
        // liveness: found by camel-health among the registry's beans, like the readiness check below
        registry.bind("inboxHealthCheck", new InboxHealthCheck(polls,
                Duration.ofSeconds(Long.parseLong(property(properties, "streamflow.inbox-stale-seconds")))));
        registry.bind("runProgressHealthCheck", new RunProgressHealthCheck(progress,
                Duration.ofSeconds(Long.parseLong(property(properties, "streamflow.stuck-seconds"))), Clock.systemUTC()));
        registry.bind("retryBudget", new RetryBudget(
                Duration.ofSeconds(Long.parseLong(property(properties, "streamflow.retry-seconds")))));
        registry.bind("monthAggregation", new MonthAggregation());
        registry.bind("monthRepository", monthRepository);
        registry.bind("monthGate", new MonthGate(suite, runLog, jdbc, progress, clock, digests,
                context.getExecutorServiceManager().newFixedThreadPool(this, "gate-checks",
                        threads(property(properties, "streamflow.gate-threads")))));
        LiveHistory history = new LiveHistory(suite, jdbc);
        registry.bind("monthPublisher", new MonthPublisher(suite, runLog, jdbc, new TransactionTemplate(transactions),
                progress, history));
        registry.bind("monthRetraction", new MonthRetraction(runLog, history, new TransactionTemplate(transactions)));
        RunOutcomes outcomes = new RunOutcomes();
        registry.bind("runOutcomes", outcomes);
        MonthReport monthReport = new MonthReport(reports, runLog, suite);
        registry.bind("monthReport", monthReport);
        registry.bind("runFinisher", new RunFinisher(suite, runLog, monthReport, monthFolder, outcomes,
                progress, clock, digests));
        registry.bind("decidedRuns", new DecidedRuns(runLog, monthFolder));
        registry.bind("monthProgress", progress);
        // readiness: found by camel-health among the registry's beans
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(database.dataSource(),
                Integer.parseInt(property(properties, "streamflow.health.db-timeout-seconds"))));
        registry.bind("dashboard", new DashboardPage(new DashboardQueries(jdbc),
                suite.tables().stream().map(TableContract::name).toList(), Clock.systemDefaultZone()));
        registry.bind("reportFiles", new ReportFiles(reports));
        registry.bind("dashboardHttpEngine", new DashboardHttpEngine(Integer.parseInt(property(properties, "camel.server.port"))));

        // several instances on one inbox: the holder of a file lock under the cluster folder consumes the
        // inbox and moves decided files (master: routes); the others stand by and take over if it stops.
        // The ingest command starts no master route, so it never competes for the lock's work.
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId(property(properties, "camel.main.name") + "-" + ProcessHandle.current().pid());
        cluster.setRoot(Path.of(property(properties, "streamflow.cluster-root")).toAbsolutePath().toString());
        cluster.setAcquireLockDelay(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(2, java.util.concurrent.TimeUnit.SECONDS);
        context.addService(cluster);

        // when the service can take work, measured from the JVM's start (bench/run reads this line)
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // not yet: routes are started after this
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                LOG.info("Ready in {} ms after JVM start",
                        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
            }
        });
    }

    /** Registers a @ManagedResource bean beside the context's services: org.apache.camel:context=...,type=services. */
    private static void exposeOverJmx(CamelContext context, Object bean) throws Exception {
        ManagementAgent agent = context.getManagementStrategy().getManagementAgent();
        if (agent != null) {
            Hashtable<String, String> keys = new Hashtable<>();
            keys.put("context", context.getManagementName());
            keys.put("type", "services");
            keys.put("name", bean.getClass().getSimpleName());
            agent.register(bean, new ObjectName(agent.getMBeanObjectDomainName(), keys));
        }
    }

    /**
     * The Micrometer registry /observe/metrics scrapes: camel-micrometer-prometheus uses the one bound under
     * {@link MicrometerConstants#METRICS_REGISTRY_NAME}, binding it first if it started before us.
     */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }

    /** A thread count from configuration: 0 or less means one per CPU. */
    private static int threads(String configured) {
        int threads = Integer.parseInt(configured.trim());
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }
}
