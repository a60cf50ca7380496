package io.streamflow.ingest.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

import io.streamflow.ingest.finish.ReportFolder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Serves the run reports the dashboard links to: reports/DATABASE/AS_OF/run-N-MONTH.html (as text/html) or .json (as
 * application/json), of this service's database only, and nothing else. The three path parts are checked against the
 * names the report writer makes ({@link ReportFolder}) before they touch the file system, and the file found must be a
 * regular file inside the reports folder.
 */
public class ReportFiles {

    public static final String DATABASE = "database";
    public static final String AS_OF = "asOf";
    public static final String FILE = "file";

    private final ReportFolder folder;

    public ReportFiles(ReportFolder folder) {
        this.folder = folder;
    }

    /** Answers the request in the message: the report's bytes, or 404. */
    public void serve(Message message) throws IOException {
        Optional<Path> file = find(message.getHeader(DATABASE, String.class), message.getHeader(AS_OF, String.class),
                message.getHeader(FILE, String.class));
        message.removeHeaders("*");
        if (file.isEmpty()) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            message.setBody("no such report\n");
            return;
        }
        message.setHeader(Exchange.CONTENT_TYPE, file.get().getFileName().toString().endsWith(".json")
                ? "application/json; charset=utf-8" : "text/html; charset=utf-8");
        message.setBody(Files.readAllBytes(file.get()));
    }

    /** The report file for the three path parts, if they name one of this database. */
    Optional<Path> find(String database, String asOf, String name) throws IOException {
        if (database == null || asOf == null || name == null || !ReportFolder.DATABASE.matcher(database).matches()
                || !ReportFolder.AS_OF.matcher(asOf).matches() || !ReportFolder.REPORT.matcher(name).matches()
                || !database.equals(folder.database()) || !Files.isDirectory(folder.root())) {
            return Optional.empty();
        }
        Path file = folder.folder().resolve(asOf).resolve(name).normalize();
        if (!file.startsWith(folder.root()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        // a symbolic link among the folders could still lead out of the reports folder
        if (!file.toRealPath().startsWith(folder.root().toRealPath())) {
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
