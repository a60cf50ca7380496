package io.streamflow.ingest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/** Runs the ingest command in-process against a test database and keeps what it printed. */
final class IngestTestSupport {

    private IngestTestSupport() {
    }

    record Result(int exitCode, String output) {
    }

    static Result ingest(TestDatabase db, Path root, Path... folders) throws Exception {
        return ingest(db.properties(root), folders);
    }

    static Result ingest(Map<String, String> properties, Path... folders) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = new IngestCommand(Arrays.asList(folders), properties, out).call();
        }
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The report index of the database that wrote the newest report: beside the as_of folders of its reports. */
    static Path reportIndex(Path reports, JdbcTemplate jdbc) {
        String newest = jdbc.queryForObject("SELECT report_path FROM ingestion_runs WHERE report_path IS NOT NULL "
                + "ORDER BY run_id DESC LIMIT 1", String.class);
        return reports.resolve(newest).getParent().getParent().resolve("index.html");
    }
}
