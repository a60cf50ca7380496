package io.streamflow.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import io.streamflow.ingest.db.Database;

/** streamflow.db.*: where the database is, and how start-up checks its schema. */
public class DbSettings {
    private String host;
    private int port;
    private String name;
    private String user;
    private String password;
    private String embeddedDir;
    private long waitSeconds;
    private int poolSize;
    private int minIdle;
    private String workMem;
    private String schemaCheck;

    public Database.Settings toSettings() {
        return new Database.Settings(host, port, name, user, password, Path.of(embeddedDir),
                Duration.ofSeconds(waitSeconds), poolSize, minIdle, workMem);
    }

    /** "validate": Flyway checks every applied migration; "version": it runs only when the history is behind. */
    public Database.Migrations migrations() {
        return new Database.Migrations(ProjectFiles.flywayLocation(), switch (schemaCheck) {
            case "validate" -> OptionalInt.empty();
            case "version" -> ProjectFiles.newestMigration();
            default -> throw new IllegalArgumentException("streamflow.db.schema-check must be validate or version");
        });
    }

    public void setHost(String host) {
        this.host = host;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setEmbeddedDir(String embeddedDir) {
        this.embeddedDir = embeddedDir;
    }

    public void setWaitSeconds(long waitSeconds) {
        this.waitSeconds = waitSeconds;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public void setMinIdle(int minIdle) {
        this.minIdle = minIdle;
    }

    public void setWorkMem(String workMem) {
        this.workMem = workMem;
    }

    public void setSchemaCheck(String schemaCheck) {
        this.schemaCheck = schemaCheck;
    }
}
