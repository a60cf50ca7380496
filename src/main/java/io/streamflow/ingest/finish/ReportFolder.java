package io.streamflow.ingest.finish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where the reports of this service's database go: {@code REPORTS/DATABASE/index.html} and
 * {@code REPORTS/DATABASE/AS_OF/run-N-MONTH.html} (and {@code .json}), DATABASE being the database's label
 * ({@link io.streamflow.ingest.db.DatabaseLabel}). Services on different databases may share one reports folder: each
 * writes only in its own database's folder, so no run-N of one overwrites the run-N of another.
 */
public final class ReportFolder {

    /** The names this class makes: a database label, an as_of, a report file. Nothing else is ever served. */
    public static final Pattern DATABASE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}-[0-9a-f]{8}");
    public static final Pattern AS_OF = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    public static final Pattern REPORT = Pattern.compile("run-\\d{1,18}-[A-Za-z0-9_-]{1,64}\\.(html|json)");

    private final Path root;
    private final Supplier<String> database;

    /** @param database the label of the database the service writes, asked on first use */
    public ReportFolder(Path root, Supplier<String> database) {
        this.root = root.toAbsolutePath().normalize();
        this.database = database;
    }

    public Path root() {
        return root;
    }

    /** This database's label, the name of its folder. */
    public String database() {
        return database.get();
    }

    /** This database's folder. */
    public Path folder() {
        return root.resolve(database());
    }

    /** The report page of a run; its JSON is {@link #json}. */
    public Path page(LocalDate asOf, long runId, String month) {
        return folder().resolve(asOf.toString()).resolve(baseName(runId, month) + ".html");
    }

    /** The JSON beside a report page. */
    public static Path json(Path page) {
        String name = page.getFileName().toString();
        return page.resolveSibling(name.substring(0, name.length() - ".html".length()) + ".json");
    }

    /** The index of every run of this database. */
    public Path index() {
        return folder().resolve("index.html");
    }

    /** A path under the reports folder, as the run log keeps it (and the dashboard serves it under /reports/). */
    public String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static String baseName(long runId, String month) {
        String name = "run-" + runId + "-" + month;
        if (!REPORT.matcher(name + ".html").matches()) {
            throw new IllegalArgumentException("not a month folder name: " + month);
        }
        return name;
    }

    /** Writes a file whole or not at all: readers never see half a report. */
    static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
