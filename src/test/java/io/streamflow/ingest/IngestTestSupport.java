package io.streamflow.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

    /** Copies a month folder so that a test may change it. */
    static Path copy(Path month, Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(month)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    /** Replaces one field of one data line (1 = header) of a CSV file. */
    static void setField(Path csv, int line, String column, String value) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        String[] fields = lines.get(line - 1).split(",", -1);
        fields[header.indexOf(column)] = value;
        lines.set(line - 1, String.join(",", fields));
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }

    /** The text of one field of one line, as written in the file. */
    static String field(Path csv, int line, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        return lines.get(line - 1).split(",", -1)[header.indexOf(column)];
    }
}
