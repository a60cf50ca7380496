package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingest writes reports: when it cannot, it says so and exits 2 before it starts, instead of waiting on a run. */
class UnwritableReportsTest {

    @TempDir
    Path work;

    @Test
    void ingestRefusesToStartNamingTheReportsFolder() throws Exception {
        SampleMonths.write(work.resolve("samples"), 20, 1, 3);
        Path reports = Files.writeString(work.resolve("reports"), "a file where the reports folder should be");
        Map<String, String> properties = new HashMap<>();
        properties.put("streamflow.reports", reports.toString());
        // no database is asked: the check comes first
        properties.put("streamflow.db.host", "127.0.0.1");
        properties.put("streamflow.db.port", "1");

        PrintStream err = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code;
        long started = System.nanoTime();
        try (PrintStream capture = new PrintStream(errors, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = new IngestCommand(List.of(work.resolve("samples/month_000")), properties,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).call();
        } finally {
            System.setErr(err);
        }

        assertThat(code).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8))
                .contains("cannot start: the reports folder cannot be written: reports (" + reports.toAbsolutePath() + ": not a folder)");
        assertThat(System.nanoTime() - started).as("at once, not after the database's wait").isLessThan(10_000_000_000L);
    }
}
