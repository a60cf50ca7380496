package io.streamflow.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.streamflow.ingest.contract.ExpectationSuite;

/**
 * What the route tests share to start the project's YAML routes without PostgreSQL: the properties they start with
 * instead of application.properties, the route files each stage needs, and the expectation suite the stubs are built
 * from.
 */
public final class RoutesWithoutDatabase {

    /** No database, no server, no inbox watched: src/test/resources/routes-without-database.properties. */
    public static final String PROPERTIES = "classpath:routes-without-database.properties";

    /** The month's routes (aggregator, gate, publish, finish, archive) and the route configurations they use. */
    public static final String MONTH_ROUTES =
            "camel.main.routes-include-pattern=file:routes/month.yaml,file:routes/error-handling.yaml";

    /** The intake's routes (file intake, inbox sweep, stage-file, record-errors) and their route configurations. */
    public static final String INTAKE_ROUTES =
            "camel.main.routes-include-pattern=file:routes/intake.yaml,file:routes/error-handling.yaml";

    /** config/expectations.yml, as the service reads it. */
    public static final ExpectationSuite SUITE = load();

    private RoutesWithoutDatabase() {
    }

    private static ExpectationSuite load() {
        try {
            return ExpectationSuite.load(Path.of("config/expectations.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
