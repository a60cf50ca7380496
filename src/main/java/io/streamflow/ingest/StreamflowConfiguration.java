package io.streamflow.ingest;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.db.Database;
import io.streamflow.ingest.intake.RowChecker;
import io.streamflow.ingest.intake.RowDigests;
import io.streamflow.ingest.intake.StagingStatements;
import io.streamflow.ingest.intake.TableIntake;
import io.streamflow.ingest.month.DecidedRuns;
import io.streamflow.ingest.month.MonthAggregation;
import io.streamflow.ingest.month.MonthFolder;
import io.streamflow.ingest.month.MonthGate;
import io.streamflow.ingest.month.MonthPublisher;
import io.streamflow.ingest.month.MonthReport;
import io.streamflow.ingest.month.RunFinisher;
import io.streamflow.ingest.month.RunLog;
import io.streamflow.ingest.month.RunOutcomes;
import io.streamflow.ingest.month.StageClock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
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
 * environment variables): the database, the expectation suite and the month machinery.
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
                Integer.parseInt(property(properties, "streamflow.db.pool-size"))),
                ProjectFiles.flywayLocation());
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
                Path.of(property(properties, "streamflow.staged")), Path.of(property(properties, "streamflow.archive")),
                Path.of(property(properties, "streamflow.failed")));
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

        registry.bind("database", database);
        registry.bind("dataSource", database.dataSource());
        registry.bind("transactionManager", transactions);
        registry.bind("expectationSuite", suite);
        registry.bind("monthFolder", monthFolder);
        registry.bind("runLog", runLog);
        registry.bind("stageClock", clock);
        registry.bind("tableIntake", new TableIntake(suite, monthFolder, runLog, jdbc, clock, digests));
        registry.bind("stagingStatements", new StagingStatements());
        registry.bind("rowChecker", new RowChecker(suite, Integer.parseInt(property(properties, "streamflow.chunk-size")), clock, digests));
        registry.bind("monthAggregation", new MonthAggregation());
        registry.bind("monthRepository", monthRepository);
        registry.bind("monthGate", new MonthGate(suite, runLog, jdbc, clock, digests));
        registry.bind("monthPublisher", new MonthPublisher(suite, runLog, jdbc, new TransactionTemplate(transactions)));
        RunOutcomes outcomes = new RunOutcomes();
        registry.bind("runOutcomes", outcomes);
        registry.bind("runFinisher", new RunFinisher(suite, runLog, new MonthReport(reports, runLog), monthFolder, outcomes, clock, digests));
        registry.bind("decidedRuns", new DecidedRuns(runLog, monthFolder));

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

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }
}
