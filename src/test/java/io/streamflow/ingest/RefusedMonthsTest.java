package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.removeLines;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Months refused whole, with nothing changed: rows missing for users the month should hold (coverage, references to
 * users), and folder names that stand for no month between the base month and now.
 */
class RefusedMonthsTest extends SampleHistoryTest {

    @Test
    void aMonthMissingOneLabelIsRefusedNamingTableRuleAndUser() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        String before = db.contentFingerprint();
        Path next = copy(month(1), work.resolve("in/month_001"));
        String missing = removeLines(next.resolve("labels.csv"), 1).get(0);

        var result = ingest(db, work, next);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("REJECTED", "labels.csv", "labels.user_id.coverage", missing);
        assertThat(db.contentFingerprint()).isEqualTo(before);
    }

    @Test
    void aMonthMissingFiftySupportRowsIsRefused() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        String before = db.contentFingerprint();
        Path next = copy(month(1), work.resolve("in/month_001"));
        List<String> missing = removeLines(next.resolve("support_agg_90d.csv"), 50);

        var result = ingest(db, work, next);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("support_agg_90d.user_id.coverage", "50 failing", missing.get(0));
        assertThat(db.contentFingerprint()).isEqualTo(before);
    }

    @Test
    void aUsersFileCutShortAtARowBoundaryIsRefused() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        Path next = copy(month(1), work.resolve("in/month_001"));
        List<String> lines = Files.readAllLines(next.resolve("users.csv"));
        Files.write(next.resolve("users.csv"), lines.subList(0, lines.size() - 7));

        var result = ingest(db, work, next);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("references_users");
        assertThat(count("SELECT count(*) FROM users_snapshots WHERE as_of = '2024-02-29'")).isZero();
    }

    @Test
    void folderNamesOutsideBaseMonthAndNowAreRefusedWithNothingChanged() throws Exception {
        assertThat(ingest(db, work, month(0)).exitCode()).isZero();
        String before = db.contentFingerprint();
        for (String name : List.of("month_9999", "9999-12", "0000-01", "2023-12")) {
            Path odd = copy(month(1), work.resolve("odd/" + name));

            var result = ingest(db, work, odd);

            assertThat(result.exitCode()).as(name + ": " + result.output()).isEqualTo(1);
            assertThat(result.output()).contains(name, "REJECTED", "2024-01");
            assertThat(db.contentFingerprint()).as(name).isEqualTo(before);
        }
        assertThat(count("SELECT count(*) FROM ingestion_runs")).as("no run opened for a refused name").isEqualTo(1);

        var result = ingest(db, work, month(1));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(count("SELECT count(*) FROM usage_agg_30d_snapshots WHERE as_of = '2024-02-29'")).isEqualTo(USERS);
        assertInvariant("month_001 after the refused names");
    }
}
