package io.streamflow.ingest.db;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the service writes to: the server named by POSTGRES_HOST, or, when none is named,
 * an embedded PostgreSQL whose data lives under a local folder. Waits for the server with backoff and
 * applies the versioned migrations before anything else runs.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final String description;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
    }

    /** Where to connect; host empty means embedded. */
    public record Settings(String host, int port, String name, String user, String password,
                           Path embeddedDir, Duration waitAtStart, int poolSize, String workMem) {
        public boolean external() {
            return host != null && !host.isBlank();
        }
    }

    public static Database open(Settings settings, String migrations) throws IOException {
        EmbeddedPostgres embedded = null;
        String host = settings.host();
        int port = settings.port();
        String user = settings.user();
        String password = settings.password();
        if (!settings.external()) {
            Files.createDirectories(settings.embeddedDir());
            LOG.info("POSTGRES_HOST is not set: starting an embedded PostgreSQL with its data in {}",
                    settings.embeddedDir().toAbsolutePath());
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(settings.embeddedDir().resolve("data"))
                    .setCleanDataDirectory(false)
                    .start();
            host = "localhost";
            port = embedded.getPort();
            user = "postgres";
            password = "";
            createDatabaseIfMissing(embedded.getPostgresDatabase(), settings.name());
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("streamflow");
        config.setJdbcUrl("jdbc:postgresql://" + host + ":" + port + "/" + settings.name()
                + "?reWriteBatchedInserts=true&ApplicationName=streamflow"
                // memory per sort or hash of the service's sessions: the gate's and publish's hashes of a month's
                // users spill to disk with PostgreSQL's default of 4MB; blank = the server's setting (a pooler
                // such as PgBouncer may refuse startup options)
                + (settings.workMem() == null || settings.workMem().isBlank() ? ""
                        : "&options=" + URLEncoder.encode("-c work_mem=" + settings.workMem().trim(), StandardCharsets.UTF_8)));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(5_000);
        // do not fail at construction when the server is not up yet: waitForServer() does the waiting
        config.setInitializationFailTimeout(-1);
        String description = (embedded != null ? "embedded PostgreSQL on port " + port
                : "PostgreSQL at " + host + ":" + port) + ", database " + settings.name() + ", user " + user;
        Database database = new Database(new HikariDataSource(config), embedded, description);
        try {
            database.waitForServer(settings.waitAtStart());
            database.migrate(migrations);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static void createDatabaseIfMissing(DataSource admin, String name) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " in the embedded PostgreSQL", e);
        }
    }

    /** Tries to connect until it works or the wait is over, doubling the pause up to 10 s. */
    private void waitForServer(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 500;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                LOG.info("Connected to {}", description);
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("database not reachable after " + wait.toSeconds() + " s ("
                            + description + "): " + e.getMessage(), e);
                }
                LOG.warn("Database not reachable yet ({}): {}; retrying in {} ms", description, e.getMessage(), pause);
                sleep(pause);
                pause = Math.min(pause * 2, 10_000);
            }
        }
    }

    private void migrate(String locations) {
        var result = Flyway.configure().dataSource(dataSource).locations(locations)
                .sqlMigrationPrefix("V").load().migrate();
        LOG.info("Schema migrated ({} migrations applied now, {} before)", result.migrationsExecuted,
                result.initialSchemaVersion);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
