package io.streamflow.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The project's own files (routes/, db/, config/): read from the working directory when they are there,
 * so that an edited route or suite takes effect without a rebuild; otherwise the copies inside the jar.
 */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    public static String routesPattern() {
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.yaml" : "classpath:routes/*.yaml";
    }

    public static String flywayLocation() {
        return Files.isDirectory(Path.of("db")) ? "filesystem:db" : "classpath:db";
    }

    /** The suite file named in configuration, or the packaged default copied out of the jar. */
    public static Path expectations(String configured) throws IOException {
        Path path = Path.of(configured);
        if (Files.isRegularFile(path)) {
            return path;
        }
        try (InputStream in = ProjectFiles.class.getResourceAsStream("/config/expectations.yml")) {
            if (in == null) {
                throw new IllegalArgumentException("expectation suite not found: " + path.toAbsolutePath());
            }
            Path copy = Files.createTempFile("streamflow-expectations", ".yml");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        }
    }
}
