package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.streamflow.ingest.CsvEdits.MonthChange;

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

    /**
     * The generated month_001, changed, is refused: exit code 1, REJECTED with where and the rule named, and no live
     * or snapshot row changed. Returns the ingest's result for what a case checks beyond that.
     */
    IngestTestSupport.Result refuses(Path samples, Path work, MonthChange change, String where, String rule)
            throws Exception {
        Path month = copy(samples.resolve("month_001"), work.resolve("in/month_001"));
        change.apply(month);

        var result = ingest(database, work, month);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("REJECTED", where, rule);
        assertThat(database.contentFingerprint()).as("live and snapshot tables unchanged").isEqualTo(content);
        return result;
    }
}
