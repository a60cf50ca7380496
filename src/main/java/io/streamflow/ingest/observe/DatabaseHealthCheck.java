package io.streamflow.ingest.observe;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the service is ready only while PostgreSQL answers {@code SELECT 1} through the pool the
 * routes use. The query has a short timeout; taking a connection waits at most the pool's connection
 * timeout (3 s).
 */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;
    private final int timeoutSeconds;

    public DatabaseHealthCheck(DataSource dataSource, int timeoutSeconds) {
        super("streamflow", "database");
        this.dataSource = dataSource;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.execute("SELECT 1");
            builder.up();
        } catch (SQLException | RuntimeException e) {
            builder.message("database not reachable: " + e.getMessage()).error(e).down();
        }
    }
}
