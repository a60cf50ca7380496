package io.streamflow.ingest.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Serves the run reports the dashboard links to: reports/AS_OF/FILE.md or .json, and nothing else. The
 * two path parts are checked against the names the report writer makes before they touch the file
 * system, and the file found must be a regular file inside the reports folder.
 */
public class ReportFiles {

    public static final String AS_OF = "asOf";
    public static final String FILE = "file";

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}\\.(md|json)");

    private final Path reports;

    public ReportFiles(Path reports) {
        this.reports = reports.toAbsolutePath().normalize();
    }

    /** Answers the request in the message: the report's bytes, or 404. */
    public void serve(Message message) throws IOException {
        Optional<Path> file = find(message.getHeader(AS_OF, String.class), message.getHeader(FILE, String.class));
        message.removeHeaders("*");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Cache-Control", "no-cache");
        if (file.isEmpty()) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            message.setBody("no such report\n");
            return;
        }
        String name = file.get().getFileName().toString();
        // Markdown as plain text: browsers show it instead of downloading it
        message.setHeader(Exchange.CONTENT_TYPE, name.endsWith(".json")
                ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        message.setBody(Files.readAllBytes(file.get()));
    }

    /** The report file for the two path parts, if they name one. */
    Optional<Path> find(String asOf, String name) throws IOException {
        if (asOf == null || name == null || !DATE.matcher(asOf).matches() || !NAME.matcher(name).matches()
                || name.contains("..") || !Files.isDirectory(reports)) {
            return Optional.empty();
        }
        Path file = reports.resolve(asOf).resolve(name).normalize();
        if (!file.startsWith(reports) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        // a symbolic link among the folders could still lead out of the reports folder
        if (!file.toRealPath().startsWith(reports.toRealPath())) {
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
