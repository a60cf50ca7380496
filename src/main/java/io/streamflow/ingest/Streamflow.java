package io.streamflow.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.streamflow.ingest.db.Database;
import io.streamflow.ingest.observe.ConsoleLog;
import io.streamflow.ingest.seed.SampleMonths;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CliConnectorFactory;

/**
 * Entry point. Without arguments the service watches the inbox; {@code ingest DIR...} processes month
 * folders once through the same routes and exits; {@code generate} writes sample months.
 */
public final class Streamflow {

    /** The ids of the routes only the service runs (routes/*.yaml): the one-shot commands leave them out. */
    static final String SERVICE_ROUTES = "file-intake,inbox-sweep,month-archive,empty-folder-sweep,dashboard-*";

    static final String USAGE = """
            usage: streamflow                                    watch the inbox (service)
                   streamflow ingest [--restate] DIR [DIR...]    ingest month folders once, in name order;
                                                                 --restate lets them replace published months
                   streamflow training-set --as-of DATE --out FILE.csv [--label-as-of LATER_DATE]
                                                                 write the point-in-time training set of a month
                   streamflow retract DATE                       take a published month back
                   streamflow migrate                            bring the database schema up to date and exit
                   streamflow generate OUT_DIR [--users N] [--months M] [--seed S]
            exit codes: 0 done (every month published, or already was), 1 a month refused or a date not published,
                        2 usage or configuration error, 3 database unreachable""";

    private Streamflow() {
    }

    public static void main(String[] args) throws Exception {
        ConsoleLog.configure();
        int code = run(args);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs a command; returns its exit code, or -1 when the service ran until it was stopped. */
    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            Main main = application(false, java.util.Map.of());
            main.run();
            return -1;
        }
        switch (args[0]) {
            case "ingest" -> {
                List<Path> folders = new ArrayList<>();
                boolean restate = false;
                for (int i = 1; i < args.length; i++) {
                    if (args[i].equals("--restate")) {
                        restate = true;
                    } else if (args[i].startsWith("-")) {
                        System.err.println("unknown option '" + args[i] + "'\n" + USAGE);
                        return 2;
                    } else {
                        folders.add(Path.of(args[i]));
                    }
                }
                if (folders.isEmpty()) {
                    System.err.println("ingest needs at least one month folder\n" + USAGE);
                    return 2;
                }
                return new IngestCommand(folders, java.util.Map.of()).restating(restate).call();
            }
            case "migrate" -> {
                return migrate(java.util.Map.of());
            }
            case "training-set" -> {
                return HistoryCommands.trainingSet(java.util.Arrays.copyOfRange(args, 1, args.length), java.util.Map.of(),
                        System.out);
            }
            case "retract" -> {
                return HistoryCommands.retract(java.util.Arrays.copyOfRange(args, 1, args.length), java.util.Map.of(),
                        System.out);
            }
            case "generate" -> {
                SampleMonths.main(java.util.Arrays.copyOfRange(args, 1, args.length));
                return 0;
            }
            case "-h", "--help", "help" -> {
                System.out.println(USAGE);
                return 0;
            }
            default -> {
                System.err.println("unknown command '" + args[0] + "'\n" + USAGE);
                return 2;
            }
        }
    }

    /**
     * Opens the database, which applies the pending migrations of db/ and checks every applied one (as every start of
     * the service does), and closes it. For deployments that migrate before rolling out, and for the benchmark.
     */
    static int migrate(java.util.Map<String, String> overrides) {
        return withDatabase(overrides, "migrate", database -> ExitCode.OK);
    }

    /**
     * The overrides of a command that only needs the schema history to have reached the newest migration (Flyway runs
     * when it has not) instead of every applied migration's checksum checked: the ingest command and the reads.
     */
    static java.util.Map<String, String> schemaVersionChecked(java.util.Map<String, String> overrides) {
        java.util.Map<String, String> settings = new java.util.HashMap<>(
                java.util.Map.of("streamflow.db.schema-check", "version"));
        settings.putAll(overrides);
        return settings;
    }

    /** What a command does with the database alone; returns its exit code. */
    @FunctionalInterface
    interface DatabaseCommand {
        int run(Database database) throws Exception;
    }

    /**
     * Runs a command that needs the database and nothing else: the streamflow.* settings resolved as the application
     * resolves them (application.properties, the environment, the overrides; {@link StreamflowSettings#of}) in a
     * Camel context that is never started, the database opened (pending migrations applied), then closed. No route,
     * component or bean is loaded: for {@code training-set} and {@code migrate}, half a second less than
     * {@link #withBeans}. A failure to start is exit code 3 when the database did not answer, 2 otherwise.
     */
    static int withDatabase(java.util.Map<String, String> overrides, String what, DatabaseCommand command) {
        Database database;
        try (org.apache.camel.CamelContext settingsOnly = new org.apache.camel.impl.DefaultCamelContext(false)) {
            settingsOnly.build(); // its type converter binds the settings' numbers
            var properties = settingsOnly.getPropertiesComponent();
            properties.setLocation("classpath:application.properties");
            java.util.Properties override = new java.util.Properties();
            override.putAll(overrides);
            properties.setOverrideProperties(override);
            DbSettings db = StreamflowSettings.of(settingsOnly).db();
            database = Database.open(db.toSettings(), db.migrations());
        } catch (Exception e) {
            return failed("cannot " + what, e);
        }
        try (database) {
            try {
                database.awaitReady();
            } catch (Exception e) {
                return failed("cannot " + what, e);
            }
            return command.run(database);
        } catch (Exception e) {
            return failed(what + " failed", e);
        }
    }

    /** What a command does with the configured beans; returns its exit code. */
    @FunctionalInterface
    interface BeansCommand {
        int run(org.apache.camel.spi.Registry registry) throws Exception;
    }

    /**
     * Runs a command that needs the database and the beans but no route: configures the application (which opens
     * the database and applies pending migrations), runs the command, closes the database. A failure to configure is
     * exit code 3 when the database did not answer, 2 otherwise.
     */
    static int withBeans(java.util.Map<String, String> overrides, String what, BeansCommand command) {
        Main main = application(true, overrides);
        try {
            try {
                main.init();
            } catch (Exception e) {
                return failed("cannot " + what, e);
            }
            return command.run(main.getCamelContext().getRegistry());
        } catch (Exception e) {
            return failed(what + " failed", e);
        } finally {
            Database database = main.getCamelContext() == null ? null
                    : main.getCamelContext().getRegistry().lookupByNameAndType("database", Database.class);
            if (database != null) {
                database.close();
            }
        }
    }

    /** Says on stderr why a command stopped ({@code message: root cause}); returns its exit code ({@link #startFailure}). */
    private static int failed(String message, Exception e) {
        System.err.println(message + ": " + io.streamflow.ingest.run.Failures.rootMessage(e));
        return startFailure(e);
    }

    /** The exit code of a command that could not start: 3 when the database did not answer, else 2. */
    static int startFailure(Throwable e) {
        return io.streamflow.ingest.run.Failures.chain(e)
                .anyMatch(io.streamflow.ingest.run.DatabaseUnreachableException.class::isInstance)
                ? ExitCode.DATABASE_UNREACHABLE : ExitCode.USAGE;
    }

    /**
     * The camel-main application: properties, the bean configuration and the YAML routes.
     *
     * @param overrides properties that win over application.properties and the environment
     */
    public static Main application(boolean ingestOnly, java.util.Map<String, String> overrides) {
        Main main = new Main();
        overrides.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(new StreamflowConfiguration());
        main.configure().addConfiguration(new OperationsConfiguration());
        main.configure().withRoutesIncludePattern(ProjectFiles.routesPattern());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                // the database starts while the routes load; a server that never answered stops the start here
                configured.getCamelContext().getRegistry().lookupByNameAndType("database", Database.class).awaitReady();
            }
        });
        if (ingestOnly) {
            main.addOverrideProperty("streamflow.watch", "false");
            // the dashboard belongs to the service; a one-off ingest must not take (or fail on) its port
            main.addOverrideProperty("camel.server.enabled", "false");
            // a one-off command serves no HTTP: the service may be running with the management port
            main.addOverrideProperty("camel.management.enabled", "false");
            // a command that exits when done: no JMX MBeans to register for every processor, and no Camel CLI
            // connector, which otherwise gathers the status of every route over JMX once a second
            main.addOverrideProperty("camel.main.jmxEnabled", "false");
            // nothing could read Camel's Micrometer metrics (no management server, no JMX): not gathered either
            main.addOverrideProperty("camel.metrics.enabled", "false");
            // the routes of the service (watching the inbox and the staged area, housekeeping, the dashboard) are not
            // even created: those that the routes of a month call are all the command runs
            main.addOverrideProperty("camel.main.routeFilterExcludePattern", SERVICE_ROUTES);
            // a command's connections are opened as its steps need them, not the whole pool beside its start
            main.addOverrideProperty("streamflow.db.min-idle", "1");
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport configuring) {
                    CliConnectorFactory cli = configuring.getCamelContext().getCamelContextExtension()
                            .getContextPlugin(CliConnectorFactory.class);
                    if (cli != null) {
                        cli.setEnabled(false);
                    }
                }
            });
        }
        return main;
    }
}
