package io.streamflow.ingest;

import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a database host the service brings its own PostgreSQL, with its data under the embedded folder. */
class EmbeddedDatabaseTest {

    @TempDir
    Path work;

    @Test
    void ingestWorksWithoutADatabaseServer() throws Exception {
        SampleMonths.write(work.resolve("samples"), 150, 1, 3);
        Map<String, String> properties = new HashMap<>();
        properties.put("streamflow.db.host", "");
        properties.put("streamflow.db.embedded-dir", work.resolve("state/postgres").toString());
        properties.put("streamflow.inbox", work.resolve("inbox").toString());
        properties.put("streamflow.staged", work.resolve("staged").toString());
        properties.put("streamflow.archive", work.resolve("archive").toString());
        properties.put("streamflow.failed", work.resolve("failed").toString());
        properties.put("streamflow.reports", work.resolve("reports").toString());
        properties.put("streamflow.cluster-root", work.resolve("cluster").toString());
        properties.put("camel.main.jmx-enabled", "false");
        properties.put("camel.server.enabled", "false");

        var result = ingest(properties, work.resolve("samples/month_000"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("month_000", "2024-01-31", "PUBLISHED");
        assertThat(work.resolve("state/postgres/data/PG_VERSION")).exists();
        try (var written = Files.walk(work.resolve("reports"))) {
            assertThat(written.map(p -> work.resolve("reports").relativize(p).toString()))
                    .anyMatch(p -> p.matches("[a-z0-9_-]+-[0-9a-f]{8}/index\\.html"));
        }
        // the data stays: a second run on the same folder finds the month already published
        var again = ingest(properties, work.resolve("samples/month_000"));
        assertThat(again.output()).contains("ALREADY_PUBLISHED");
    }
}
