package io.streamflow.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The project's own files (routes/, db/, config/): read from the working directory when they are there,
 * so that an edited route or suite takes effect without a rebuild; otherwise the copies inside the jar.
 */
public final class ProjectFiles {

    private static final Pattern MIGRATION = Pattern.compile("V([0-9]{1,9})__.*\\.sql");

    private ProjectFiles() {
    }

    /**
     * The route files: routes/*.yaml in the working directory, else the jar's own, named one by one. A
     * {@code classpath:routes/*.yaml} wildcard makes Camel read through the whole (shaded, 50 MB) jar to find
     * them, over a second of start-up; the jar's central directory lists them at once.
     */
    public static String routesPattern() {
        if (Files.isDirectory(Path.of("routes"))) {
            return "file:routes/*.yaml";
        }
        List<String> packaged = packagedRoutes();
        return packaged.isEmpty() ? "classpath:routes/*.yaml"
                : packaged.stream().map(r -> "classpath:" + r).collect(Collectors.joining(","));
    }

    /** routes/*.yaml entries of the jar this class was loaded from; empty when it was not loaded from a jar. */
    static List<String> packagedRoutes() {
        return packaged("routes/", ".yaml");
    }

    /** Entries directly under a folder of the jar this class was loaded from; empty when it was not loaded from a jar. */
    private static List<String> packaged(String folder, String suffix) {
        try {
            Path location = Path.of(ProjectFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return List.of();
            }
            try (ZipFile jar = new ZipFile(location.toFile())) {
                return jar.stream().map(ZipEntry::getName)
                        .filter(n -> n.startsWith(folder) && n.endsWith(suffix) && n.indexOf('/', folder.length()) < 0)
                        .sorted().toList();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return List.of();
        }
    }

    public static String flywayLocation() {
        return Files.isDirectory(Path.of("db")) ? "filesystem:db" : "classpath:db";
    }

    /**
     * The version of the newest migration at {@link #flywayLocation()} (V7__... -> 7), or empty when it cannot be
     * told (no integer versions, or not packaged in a jar).
     */
    public static OptionalInt newestMigration() {
        List<String> names;
        if (Files.isDirectory(Path.of("db"))) {
            try (Stream<Path> files = Files.list(Path.of("db"))) {
                names = files.map(f -> f.getFileName().toString()).toList();
            } catch (IOException e) {
                return OptionalInt.empty();
            }
        } else {
            names = packaged("db/", ".sql").stream().map(n -> n.substring("db/".length())).toList();
        }
        if (names.stream().anyMatch(n -> n.startsWith("V") && n.endsWith(".sql") && !MIGRATION.matcher(n).matches())) {
            return OptionalInt.empty(); // versions such as V7_1__ or V7.1__: Flyway decides
        }
        return names.stream().map(MIGRATION::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1))).max();
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
