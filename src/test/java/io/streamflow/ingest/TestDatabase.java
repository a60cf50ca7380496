package io.streamflow.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A throw-away database for one test class: created on the PostgreSQL server named by POSTGRES_HOST
 * (as in CI), or on an embedded PostgreSQL started once per test run when none is named; dropped after.
 */
public final class TestDatabase implements AutoCloseable {

    private static EmbeddedPostgres embedded;
    private static final ExpectationSuite SUITE;

    static {
        try {
            SUITE = ExpectationSuite.load(Path.of("config/expectations.yml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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
        for (String table : storeTables()) {
            all.append(table).append('=').append(jdbc.queryForObject("SELECT count(*) || ':' || coalesce(md5(string_agg("
                    + rowText + ", ',' ORDER BY t::text)), '') FROM " + table + " t", String.class)).append('\n');
        }
        return all.toString();
    }

    /** The live tables and their snapshot tables, as the expectation suite names them. */
    static List<String> storeTables() {
        List<String> tables = new ArrayList<>();
        SUITE.tables().forEach(t -> tables.add(t.name()));
        SUITE.tables().forEach(t -> tables.add(t.snapshotTable()));
        return tables;
    }

    /**
     * The users whose live row differs from their row at the newest as_of in the table's snapshots, per table (the
     * history invariant: empty for every table).
     */
    public Map<String, List<String>> historyMismatches() {
        Map<String, List<String>> mismatches = new java.util.LinkedHashMap<>();
        for (TableContract table : SUITE.tables()) {
            String columns = String.join(", ", table.columnNames());
            String newest = "SELECT " + columns + " FROM (SELECT DISTINCT ON (user_id) " + columns + " FROM "
                    + table.snapshotTable() + " ORDER BY user_id, as_of DESC) n";
            List<String> users = jdbc.queryForList("SELECT user_id FROM ((SELECT " + columns + " FROM " + table.name()
                    + " EXCEPT ALL " + newest + ") UNION ALL (" + newest + " EXCEPT ALL SELECT " + columns + " FROM "
                    + table.name() + ")) d ORDER BY user_id LIMIT 10", String.class);
            if (!users.isEmpty()) {
                mismatches.put(table.name(), users);
            }
        }
        return mismatches;
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
