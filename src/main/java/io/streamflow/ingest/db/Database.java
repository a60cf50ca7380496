package io.streamflow.ingest.db;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.streamflow.ingest.run.DatabaseUnreachableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the service writes to: the server named by POSTGRES_HOST, or, when none is named,
 * an embedded PostgreSQL whose data lives under a local folder. Waits for the server with backoff and
 * applies the versioned migrations before anything else runs: {@link #open} starts that work on a thread of its
 * own, so that it overlaps the rest of start-up, and {@link #awaitReady()} waits for it before the first use.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final String description;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean closed;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
    }

    /** Where to connect; host empty means embedded. */
    public record Settings(String host, int port, String name, String user, String password,
                           Path embeddedDir, Duration waitAtStart, int poolSize, int minIdle, String workMem) {
        public boolean external() {
            return host != null && !host.isBlank();
        }
    }

    /**
     * Where the migrations are and how start-up checks them: with {@code newest} empty, Flyway migrates and
     * validates the checksum of every applied migration; with the newest migration's version, Flyway runs only
     * when the schema history has not reached it (the applied migrations are then not checked again).
     */
    public record Migrations(String location, OptionalInt newest) {
    }

    public static Database open(Settings settings, Migrations migrations) throws IOException {
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
        // 0: the whole pool, opened at start (the service); otherwise the rest is opened as it is needed
        config.setMinimumIdle(settings.minIdle() > 0 ? Math.min(settings.minIdle(), settings.poolSize())
                : settings.poolSize());
        config.setConnectionTimeout(3_000);
        // do not fail at construction when the server is not up yet: waitForServer() does the waiting
        config.setInitializationFailTimeout(-1);
        String description = (embedded != null ? "embedded PostgreSQL on port " + port
                : "PostgreSQL at " + host + ":" + port) + ", database " + settings.name() + ", user " + user;
        Database database = new Database(new HikariDataSource(config), embedded, description);
        Thread start = new Thread(() -> {
            try {
                database.waitForServer(settings.waitAtStart());
                database.migrate(migrations);
                database.ready.complete(null);
            } catch (Throwable e) { // whatever it is, start-up must not wait for it forever
                database.ready.completeExceptionally(e);
            }
        }, "database-start");
        start.setDaemon(true);
        start.start();
        return database;
    }

    /**
     * Waits until the server answered and the migrations are applied; throws what stopped them (the server not
     * reachable in time, a failed migration). Nothing may use the data source before this returns.
     */
    public void awaitReady() {
        try {
            ready.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
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
                if (closed) {
                    throw new IllegalStateException("closed while waiting for the database (" + description + ")", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new DatabaseUnreachableException("database not reachable after " + wait.toSeconds() + " s ("
                            + description + "): " + e.getMessage(), e);
                }
                LOG.warn("Database not reachable yet ({}): {}; retrying in {} ms", description, e.getMessage(), pause);
                sleep(pause);
                pause = Math.min(pause * 2, 10_000);
            }
        }
    }

    private void migrate(Migrations migrations) {
        if (migrations.newest().isPresent() && appliedUpTo(migrations.newest().getAsInt())) {
            LOG.info("Schema is at version {}, the newest migration", migrations.newest().getAsInt());
            return;
        }
        var result = Flyway.configure().dataSource(dataSource).locations(migrations.location())
                .sqlMigrationPrefix("V").load().migrate();
        if (result.migrationsExecuted == 0) { // Flyway names no target version when it applied none
            LOG.info("Schema is at version {}; every applied migration checked", result.initialSchemaVersion);
            return;
        }
        LOG.info("Schema migrated to version {} ({} migrations applied now, {})", result.targetSchemaVersion,
                result.migrationsExecuted, result.initialSchemaVersion == null ? "on an empty database"
                        : "from version " + result.initialSchemaVersion);
    }

    /** Whether Flyway's history has applied every version up to {@code newest} and none failed. */
    private boolean appliedUpTo(int newest) {
        String sql = "SELECT to_regclass('flyway_schema_history') IS NOT NULL";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet history = s.executeQuery(sql)) {
                if (!history.next() || !history.getBoolean(1)) {
                    return false;
                }
            }
            // versions are whole numbers (V1__ ... V7__); any other kind of version leaves the decision to Flyway
            try (ResultSet applied = s.executeQuery("SELECT bool_and(success), count(DISTINCT v) FILTER"
                    + " (WHERE success AND v BETWEEN 1 AND " + newest + "), count(*) FILTER (WHERE v IS NULL OR v > " + newest + ")"
                    + " FROM (SELECT success, CASE WHEN version ~ '^[0-9]{1,9}$' THEN version::int END AS v"
                    + " FROM flyway_schema_history WHERE version IS NOT NULL) h")) {
                return applied.next() && applied.getBoolean(1) && applied.getInt(2) == newest && applied.getInt(3) == 0;
            }
        } catch (SQLException e) {
            return false;
        }
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

    /**
     * Closes the pool, then stops the embedded server if there is one. The pool is given {@value #CLOSE_WAIT_MILLIS}
     * ms: while the server is away, Hikari's close waits for its connection-adding thread to give up, which would hold
     * a stopping process well past its shutdown bound for nothing.
     */
    @Override
    public void close() {
        closed = true;
        Thread closing = new Thread(dataSource::close, "database-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            LOG.warn("The connection pool did not close within {} ms (is the database away?); leaving it", CLOSE_WAIT_MILLIS);
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
