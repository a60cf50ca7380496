package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.field;
import static io.streamflow.ingest.CsvEdits.setField;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** A published as_of changes only when the user asks for a restatement, and the run log says what it replaced. */
@ExtendWith(DatabaseExtension.class)
class RestatementTest {

    @TempDir
    Path work;

    private static IngestTestSupport.Result ingest(TestDatabase db, Path root, boolean restate, Path folder)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = new IngestCommand(List.of(folder), db.properties(root), out).restating(restate).call();
        }
        return new IngestTestSupport.Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void differentContentIsRefusedUnlessARestatementIsAskedFor(TestDatabase db) throws Exception {
        SampleMonths.write(work.resolve("samples"), 250, 1, 9);
        Path month = work.resolve("samples/month_000");
        JdbcTemplate jdbc = db.jdbc();
        assertThat(ingest(db, work, false, month).exitCode()).isZero();
        String before = db.contentFingerprint();
        Path corrected = copy(month, work.resolve("in/month_000"));
        String user = field(corrected.resolve("usage_agg_30d.csv"), 5, "user_id");
        setField(corrected.resolve("usage_agg_30d.csv"), 5, "watch_hours_30d", "12.25");

        var refused = ingest(db, work, false, corrected);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("month.already_published", "--restate");
        assertThat(db.contentFingerprint()).isEqualTo(before);

        var restated = ingest(db, work, true, corrected);
        assertThat(restated.exitCode()).as(restated.output()).isZero();
        assertThat(restated.output()).contains("PUBLISHED", "restates run 1");
        assertThat(jdbc.queryForObject("SELECT watch_hours_30d::text FROM usage_agg_30d_snapshots "
                + "WHERE user_id = ? AND as_of = '2024-01-31'", String.class, user)).isEqualTo("12.25");
        assertThat(jdbc.queryForObject("SELECT watch_hours_30d::text FROM usage_agg_30d WHERE user_id = ?",
                String.class, user)).isEqualTo("12.25");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_agg_30d_snapshots WHERE as_of = '2024-01-31'",
                Long.class)).isEqualTo(250);
        assertThat(jdbc.queryForList("SELECT run_id || ':' || status || ':' || coalesce(restates_run_id::text, '-') "
                + "FROM ingestion_runs ORDER BY run_id", String.class))
                .containsExactly("1:RESTATED:-", "2:REJECTED:-", "3:PUBLISHED:1");

        // the same corrected content again: nothing to restate
        var again = ingest(db, work, true, corrected);
        assertThat(again.output()).contains("ALREADY_PUBLISHED");

        // each snapshot table holds the as_of in one partition; no table made ahead of a publish is left behind
        // (attached when published, dropped when refused or found published already)
        assertThat(jdbc.queryForList("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'usage_agg_30d_snapshots'::regclass", String.class))
                .containsExactly("usage_agg_30d_snapshots_20240131");
        assertThat(jdbc.queryForList("SELECT relname FROM pg_class WHERE relname ~ '_snapshots_r[0-9]+$'", String.class))
                .isEmpty();
    }

    @Test
    void aRestateFileInTheFolderAsksForARestatement(TestDatabase db) throws Exception {
        SampleMonths.write(work.resolve("samples"), 120, 1, 9);
        Path month = work.resolve("samples/month_000");
        assertThat(ingest(db, work, false, month).exitCode()).isZero();
        Path corrected = copy(month, work.resolve("in/month_000"));
        setField(corrected.resolve("labels.csv"), 2, "churn_label", "True".equals(
                field(corrected.resolve("labels.csv"), 2, "churn_label")) ? "False" : "True");
        Files.writeString(corrected.resolve("RESTATE"), "corrected labels from the data team\n");

        var restated = ingest(db, work, false, corrected);

        assertThat(restated.exitCode()).as(restated.output()).isZero();
        assertThat(db.jdbc().queryForObject("SELECT restates_run_id FROM ingestion_runs WHERE status = 'PUBLISHED'",
                Long.class)).isEqualTo(1L);
    }
}
