package io.streamflow.ingest;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.dashboard.DashboardHeaders;
import io.streamflow.ingest.dashboard.DashboardHttpEngine;
import io.streamflow.ingest.dashboard.DashboardPage;
import io.streamflow.ingest.dashboard.DashboardQueries;
import io.streamflow.ingest.dashboard.MonthPages;
import io.streamflow.ingest.dashboard.ReportFiles;
import io.streamflow.ingest.db.Database;
import io.streamflow.ingest.db.DatabaseLabel;
import io.streamflow.ingest.finish.DecidedRuns;
import io.streamflow.ingest.finish.MonthProfiles;
import io.streamflow.ingest.finish.MonthReport;
import io.streamflow.ingest.finish.ReportFolder;
import io.streamflow.ingest.finish.ReportTemplates;
import io.streamflow.ingest.finish.RunFinisher;
import io.streamflow.ingest.gate.MonthGate;
import io.streamflow.ingest.intake.Inbox;
import io.streamflow.ingest.intake.MonthReadLock;
import io.streamflow.ingest.intake.RowChecker;
import io.streamflow.ingest.intake.TableIntake;
import io.streamflow.ingest.observe.DatabaseHealthCheck;
import io.streamflow.ingest.observe.InboxHealthCheck;
import io.streamflow.ingest.observe.InboxPolls;
import io.streamflow.ingest.observe.IngestMetrics;
import io.streamflow.ingest.observe.RunProgressHealthCheck;
import io.streamflow.ingest.publish.LiveHistory;
import io.streamflow.ingest.publish.MonthPublisher;
import io.streamflow.ingest.publish.MonthRetraction;
import io.streamflow.ingest.publish.SnapshotPartitions;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.MonthProgress;
import io.streamflow.ingest.run.RetryBudget;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.run.StageClock;
import io.streamflow.ingest.staging.MonthAggregation;
import io.streamflow.ingest.staging.RowDigests;
import io.streamflow.ingest.staging.StagingArea;
import io.streamflow.ingest.staging.StagingCopy;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.freemarker.FreemarkerComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the beans the routes call, stage by stage in the order a month travels, from {@link StreamflowSettings}:
 * the database, the expectation suite and the run's bookkeeping, then intake, staging, gate, publish and finish, then
 * observation and the dashboard. Every bean is bound under the name the routes use.
 */
public class StreamflowConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StreamflowConfiguration.class);

    /** What every stage is built from. */
    private record Base(StreamflowSettings settings, Database database, JdbcTemplate jdbc,
                        DataSourceTransactionManager transactions, ExpectationSuite suite, MonthFolder monthFolder,
                        RunLog runLog, Runs runs, MonthProgress progress) {
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        StreamflowSettings settings = StreamflowSettings.of(context);
        registry.bind("streamflowSettings", settings);
        // the database starts and migrates on a thread of its own; Streamflow.application awaits it before the
        // context starts (Database.awaitReady)
        Database database = Database.open(settings.db().toSettings(), settings.db().migrations());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        }, true, true);
        ExpectationSuite suite = ExpectationSuite.load(ProjectFiles.expectations(settings.expectations()));
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        Runs runs = new Runs();
        MonthProgress progress = new MonthProgress(new IngestMetrics(meterRegistry(registry), suite.tableNames()));
        Base base = new Base(settings, database, jdbc, new DataSourceTransactionManager(database.dataSource()), suite,
                new MonthFolder(settings.baseMonth(), settings.inbox(), settings.staged(), settings.archive(),
                        settings.failed(), Clock.systemDefaultZone()), new RunLog(jdbc), runs, progress);
        registry.bind("database", database);
        registry.bind("dataSource", database.dataSource());
        registry.bind("transactionManager", base.transactions());
        registry.bind("expectationSuite", suite);
        registry.bind("monthFolder", base.monthFolder());
        registry.bind("runLog", base.runLog());
        registry.bind("runs", runs);
        registry.bind("monthProgress", progress);
        registry.bind("retryBudget", new RetryBudget(settings.retry()));
        context.getManagementStrategy().addEventNotifier(new StageClock(runs));
        context.addStartupListener((started, alreadyStarted) -> exposeOverJmx(started, progress));

        bindIntake(context, base);
        StagingArea staging = bindStaging(context, base);
        Reports reports = bindMonth(context, base, staging);
        bindObservation(context, base, reports);
        clusterAndReadiness(context, settings);
    }

    private static void bindIntake(CamelContext context, Base base) {
        Registry registry = context.getRegistry();
        StreamflowSettings settings = base.settings();
        registry.bind("tableIntake", new TableIntake(base.suite(), base.monthFolder(), base.runLog(), base.jdbc(),
                base.progress(), base.runs(), settings.maxLineBytes()));
        registry.bind("rowChecker", new RowChecker(base.runs()));
        registry.bind("inbox", new Inbox(base.monthFolder().inbox(), base.monthFolder().unrecognisedFolder(),
                base.monthFolder(), base.suite(), settings.settle()));
        registry.bind("monthReadLock", new MonthReadLock(base.runLog(), settings.settle()));
    }

    private static StagingArea bindStaging(CamelContext context, Base base) {
        Registry registry = context.getRegistry();
        RowDigests digests = new RowDigests(base.runs());
        StagingArea staging = new StagingArea(base.suite(), base.jdbc(), digests);
        registry.bind("rowDigests", digests);
        registry.bind("stagingArea", staging);
        registry.bind("stagingCopy", new StagingCopy(base.database().dataSource(), base.runs(), digests));
        registry.bind("monthAggregation", new MonthAggregation(base.suite().tableNames()));
        // a month being gathered survives a restart: its group is in PostgreSQL, recovered when completed
        JdbcAggregationRepository repository = new JdbcAggregationRepository(base.transactions(), "month_aggregation",
                base.database().dataSource());
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(base.settings().recoveryIntervalMs());
        repository.setAllowSerializedHeaders(false);
        registry.bind("monthRepository", repository);
        return staging;
    }

    /** What the report writer and the dashboard share: the reports folder, the profiles and the templates. */
    private record Reports(ReportFolder folder, MonthProfiles profiles, ReportTemplates templates) {
    }

    private Reports bindMonth(CamelContext context, Base base, StagingArea staging) throws Exception {
        Registry registry = context.getRegistry();
        registry.bind("monthGate", new MonthGate(base.suite(), base.runLog(), base.jdbc(), base.progress(), base.runs(),
                staging, registry.lookupByNameAndType("rowDigests", RowDigests.class),
                context.getExecutorServiceManager().newFixedThreadPool(this, "gate-checks", base.settings().gateThreads())));
        SnapshotPartitions partitions = new SnapshotPartitions(base.jdbc(), context.getExecutorServiceManager()
                .newFixedThreadPool(this, "snapshot-partitions", base.settings().gateThreads()));
        LiveHistory history = new LiveHistory(base.suite(), base.jdbc(), partitions);
        TransactionTemplate transaction = new TransactionTemplate(base.transactions());
        registry.bind("monthPublisher", new MonthPublisher(base.suite(), base.runLog(), base.jdbc(), transaction,
                base.progress(), history, staging, partitions));
        registry.bind("monthRetraction", new MonthRetraction(base.runLog(), history, transaction));
        Files.createDirectories(base.settings().reports());
        // one template configuration for the reports and the freemarker component of the dashboard's routes
        ReportTemplates templates = new ReportTemplates(Clock.systemDefaultZone());
        context.getComponent("freemarker", FreemarkerComponent.class).setConfiguration(templates.configuration());
        Reports reports = new Reports(new ReportFolder(base.settings().reports(), new DatabaseLabel(base.jdbc())),
                new MonthProfiles(base.suite(), base.jdbc(), context.getExecutorServiceManager().newFixedThreadPool(this,
                        "month-profiles", base.settings().gateThreads())), templates);
        MonthReport report = new MonthReport(reports.folder(), base.runLog(), base.suite(), templates, base.monthFolder());
        registry.bind("monthReport", report);
        registry.bind("runFinisher", new RunFinisher(base.runLog(), report, reports.profiles(), base.monthFolder(),
                base.progress(), base.runs(), staging,
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "profile-ahead")));
        registry.bind("decidedRuns", new DecidedRuns(base.runLog(), base.monthFolder()));
        return reports;
    }

    private static void bindObservation(CamelContext context, Base base, Reports reports) {
        Registry registry = context.getRegistry();
        StreamflowSettings settings = base.settings();
        InboxPolls polls = new InboxPolls();
        registry.bind("inboxPolls", polls);
        // health checks: camel-health finds them among the registry's beans (liveness: inbox, run progress;
        // readiness: database)
        registry.bind("inboxHealthCheck", new InboxHealthCheck(polls, settings.inboxStale()));
        registry.bind("runProgressHealthCheck", new RunProgressHealthCheck(base.progress(), settings.stuck(),
                Clock.systemUTC()));
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(base.database().dataSource(),
                settings.dbHealthTimeoutSeconds()));
        DashboardQueries queries = new DashboardQueries(base.jdbc());
        registry.bind("dashboard", new DashboardPage(queries, base.suite().tableNames(), Clock.systemDefaultZone()));
        registry.bind("monthPages", new MonthPages(queries, reports.profiles(), reports.templates()));
        registry.bind("reportFiles", new ReportFiles(reports.folder()));
        registry.bind("dashboardHeaders", new DashboardHeaders());
        registry.bind("dashboardHttpEngine", new DashboardHttpEngine(Integer.parseInt(
                context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080").trim())));
    }

    /**
     * Several instances on one inbox: the holder of a file lock under the cluster folder consumes the inbox and moves
     * decided files (master: routes); the others stand by and take over if it stops. The ingest command starts no
     * master route, so it never competes for the lock's work. And when the service can take work, measured from the
     * JVM's start (bench/run reads this line).
     */
    private static void clusterAndReadiness(CamelContext context, StreamflowSettings settings) throws Exception {
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId(context.getName() + "-" + ProcessHandle.current().pid());
        cluster.setRoot(settings.clusterRoot().toAbsolutePath().toString());
        cluster.setAcquireLockDelay(500, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(1, TimeUnit.SECONDS);
        context.addService(cluster);
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
    static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }
}
