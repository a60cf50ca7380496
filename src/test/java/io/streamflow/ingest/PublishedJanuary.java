package io.streamflow.ingest;

import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store a class's refusal cases are tried against: the generated month_000 published once, and the fingerprint of
 * the content it left. A refused month changes nothing, so each case finds the store as that publish left it, whatever
 * the cases before it tried.
 */
record PublishedJanuary(TestDatabase database, String content) {

    static PublishedJanuary publish(TestDatabase database, Path samples) throws Exception {
        assertThat(ingest(database, Files.createDirectories(samples.resolve("january")), samples.resolve("month_000"))
                .exitCode()).isZero();
        return new PublishedJanuary(database, database.contentFingerprint());
    }
}
