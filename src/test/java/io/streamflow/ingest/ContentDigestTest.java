package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.setField;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content digest summed at intake (RowDigests) is the one the SQL of MonthGate computes over the same rows,
 * so that digests of months published before and after the change compare equal: checked against the SQL over
 * the live tables, which hold exactly the month's rows after a first publish, with values that need
 * PostgreSQL's quoting and number formatting.
 */
@ExtendWith(DatabaseExtension.class)
class ContentDigestTest {

    @TempDir
    Path work;

    private TestDatabase db;

    @BeforeEach
    void database(TestDatabase database) throws Exception {
        db = database;
    }

    @Test
    void theDigestSummedAtIntakeIsTheSqlDigest() throws Exception {
        SampleMonths.write(work.resolve("samples"), 200, 1, SampleMonths.DEFAULT_SEED);
        Path month = copy(work.resolve("samples/month_000"), work.resolve("in/month_000"));
        setField(month.resolve("usage_agg_30d.csv"), 3, "watch_hours_30d", "1E+2");
        setField(month.resolve("usage_agg_30d.csv"), 4, "watch_hours_30d", "0.50");
        setField(month.resolve("usage_agg_30d.csv"), 5, "watch_hours_30d", "+.5");
        setField(month.resolve("usage_agg_30d.csv"), 6, "skips_7d", "007");
        setField(month.resolve("support_agg_90d.csv"), 2, "ticket_avg_resolution_hrs_90d", "-0.0");
        for (String file : SampleMonths.FILES) {
            // quotes, a comma, parentheses, a backslash and a space: all quoted by PostgreSQL's record output
            setField(month.resolve(file), 2, "user_id", "\"we\"\"ird, (id)\\ x\"");
            // two, three and four bytes of UTF-8 (the last a surrogate pair in Java), written by the intake itself
            setField(month.resolve(file), 3, "user_id", "Zo\u00eb-\u6771\u4eac-\ud83d\ude00");
        }

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM users WHERE user_id = 'we\"ird, (id)\\ x'", Long.class))
                .isEqualTo(1);
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM users WHERE user_id = 'Zo\u00eb-\u6771\u4eac-\ud83d\ude00'",
                Long.class)).isEqualTo(1);
        assertThat(db.jdbc().queryForObject("SELECT content_sha256 FROM ingestion_runs WHERE month = 'month_000'",
                String.class)).isEqualTo(sqlDigestOfLiveTables());
    }

    @Test
    void theReferenceMonthsDigestIsTheSqlDigest() throws Exception {
        Path reference = Path.of("../shared/reference-months/month_000");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(reference),
                "../shared/reference-months is not here (a fresh clone): the generated months above cover the digest");

        var result = ingest(db, work, reference);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(db.jdbc().queryForObject("SELECT content_sha256 FROM ingestion_runs WHERE month = 'month_000'",
                String.class)).isEqualTo(sqlDigestOfLiveTables());
    }

    /** MonthGate's SQL digest, over the live tables. */
    private String sqlDigestOfLiveTables() throws Exception {
        ExpectationSuite suite = ExpectationSuite.load(Path.of("config/expectations.yml"));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (TableContract table : suite.tables()) {
            String row = "ROW(" + String.join(", ", table.columnNames()) + ")::text";
            String digest = db.jdbc().queryForObject("SELECT count(*) || ':' || coalesce(sum(('x' || substr(md5("
                    + row + "), 1, 15))::bit(60)::bigint::numeric), 0) FROM " + table.name(), String.class);
            sha.update((table.name() + "=" + digest + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
