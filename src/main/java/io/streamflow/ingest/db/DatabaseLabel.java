package io.streamflow.ingest.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A short name of the database the service writes, for the reports folder, so that services on different databases
 * can share one reports folder without overwriting each other's run-N reports: the database's name (letters, digits,
 * '_' and '-', at most 40) and 8 hex digits of a SHA-256 over the PostgreSQL cluster's system identifier (set once by
 * initdb, the same whatever host name or port a client reaches it by and across restarts) and the database's name,
 * e.g. {@code streamflow-3f2a9c1e}. Where the role may not call {@code pg_control_system()}, the server's address and
 * port stand for the cluster. Read on first use (the database is not connected yet while the service is configured),
 * then kept.
 */
public final class DatabaseLabel implements Supplier<String> {

    private final JdbcTemplate jdbc;
    private volatile String label;

    public DatabaseLabel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String get() {
        String known = label;
        if (known == null) {
            known = read();
            label = known;
        }
        return known;
    }

    private String read() {
        boolean readable = Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')", Boolean.class));
        String database = jdbc.queryForObject("SELECT current_database()", String.class);
        String cluster = readable
                ? jdbc.queryForObject("SELECT system_identifier::text FROM pg_control_system()", String.class)
                : jdbc.queryForObject("SELECT coalesce(host(inet_server_addr()), 'local') || ':' "
                        + "|| coalesce(inet_server_port()::text, '')", String.class);
        return of(database, cluster);
    }

    /** The label of a database of a cluster. */
    static String of(String database, String cluster) {
        String name = database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_");
        name = name.substring(0, Math.min(40, name.length())).replaceAll("^[_-]+", "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((cluster + "/" + database).getBytes(StandardCharsets.UTF_8));
            return (name.isEmpty() ? "db" : name) + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
