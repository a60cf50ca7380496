package io.streamflow.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A throw-away database for one test class: created on the PostgreSQL server named by POSTGRES_HOST
 * (as in CI), or on an embedded PostgreSQL started once per test run when none is named; dropped after.
 */
public final class TestDatabase implements AutoCloseable {

    private static EmbeddedPostgres embedded;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;
    private final JdbcTemplate jdbc;

    private TestDatabase(String host, int port, String user, String password) throws SQLException {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = "streamflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://" + host + ":" + port + "/" + name);
        ds.setUser(user);
        ds.setPassword(password);
        this.jdbc = new JdbcTemplate(ds);
    }

    public static TestDatabase create() throws SQLException, IOException {
        String host = System.getenv("POSTGRES_HOST");
        if (host != null && !host.isBlank()) {
            return new TestDatabase(host, Integer.parseInt(env("POSTGRES_PORT", "5432")), env("POSTGRES_USER", "postgres"),
                    env("POSTGRES_PASSWORD", ""));
        }
        synchronized (TestDatabase.class) {
            if (embedded == null) {
                Path dir = Files.createTempDirectory("streamflow-test-pg");
                embedded = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
        }
        return new TestDatabase("localhost", embedded.getPort(), "postgres", "");
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
    }

    /** The camel-main properties that point the service at this database and at folders under root. */
    public Map<String, String> properties(Path root) {
        Map<String, String> p = new HashMap<>();
        p.put("streamflow.db.host", host);
        p.put("streamflow.db.port", String.valueOf(port));
        p.put("streamflow.db.name", name);
        p.put("streamflow.db.user", user);
        p.put("streamflow.db.password", password);
        p.put("streamflow.db.wait-seconds", "10");
        p.put("streamflow.inbox", root.resolve("inbox").toString());
        p.put("streamflow.staged", root.resolve("staged").toString());
        p.put("streamflow.archive", root.resolve("archive").toString());
        p.put("streamflow.failed", root.resolve("failed").toString());
        p.put("streamflow.reports", root.resolve("reports").toString());
        p.put("streamflow.cluster-root", root.resolve("cluster").toString());
        p.put("camel.main.jmx-enabled", "false");
        p.put("camel.server.enabled", "false");
        p.put("camel.management.enabled", "false");
        p.put("camel.main.name", "streamflow-test");
        return p;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public String name() {
        return name;
    }

    /** A fingerprint of every live and snapshot row and of its row version: equal only if nothing was written. */
    public String contentFingerprint() {
        return fingerprint("t::text || '@' || t.xmin::text");
    }

    /** A fingerprint of the values of every live and snapshot row, whoever wrote them. */
    public String valueFingerprint() {
        return fingerprint("t::text");
    }

    private String fingerprint(String rowText) {
        StringBuilder all = new StringBuilder();
        for (String table : new String[] {"users", "subscriptions", "usage_agg_30d", "payments_agg_90d",
                "support_agg_90d", "labels", "subscriptions_profile_snapshots", "usage_agg_30d_snapshots",
                "payments_agg_90d_snapshots", "support_agg_90d_snapshots"}) {
            all.append(table).append('=').append(jdbc.queryForObject("SELECT count(*) || ':' || coalesce(md5(string_agg("
                    + rowText + ", ',' ORDER BY t::text)), '') FROM " + table + " t", String.class)).append('\n');
        }
        return all.toString();
    }

    /** Lets the database refuse (and drop) every connection, as a database that went away, or take them again. */
    public void allowConnections(boolean allow) throws SQLException {
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
