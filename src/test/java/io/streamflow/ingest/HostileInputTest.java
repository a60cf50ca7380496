package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.bytes;
import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.field;
import static io.streamflow.ingest.CsvEdits.replaceBytes;
import static io.streamflow.ingest.CsvEdits.setField;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.streamflow.ingest.CsvEdits.MonthChange;
import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and unlucky inputs through the real routes: every one is decided (exit code 1, the file, line and rule
 * named, no table changed, no run left open) whatever the bytes are, and values the database would refuse or
 * silently change never get past the row checks.
 */
@ExtendWith(DatabaseExtension.class)
class HostileInputTest {

    private static final int USERS = 200;

    @TempDir
    static Path samples;

    @TempDir
    Path work;

    private static PublishedJanuary january;

    @BeforeAll
    static void samples(TestDatabase database) throws Exception {
        SampleMonths.write(samples, USERS, 2, 17);
        january = PublishedJanuary.publish(database, samples);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                refused("a NUL byte in a user_id", m -> replaceBytes(m.resolve("labels.csv"), 4, "user_id",
                        bytes("0042-\0NUL")), "labels.csv:4", "labels.encoding"),
                refused("Latin-1 bytes", m -> replaceBytes(m.resolve("users.csv"), 6, "user_gender",
                        new byte[] {'M', (byte) 0xE4, 'l', 'e'}), "users.csv:6", "users.encoding"),
                refused("an overlong UTF-8 form", m -> replaceBytes(m.resolve("users.csv"), 7, "user_id",
                        new byte[] {'x', (byte) 0xC0, (byte) 0xAF}), "users.csv:7", "users.encoding"),
                refused("a decimal of a million digits", m -> setField(m.resolve("usage_agg_30d.csv"), 5, "watch_hours_30d",
                        "1e1000000"), "usage_agg_30d.csv:5", "usage_agg_30d.watch_hours_30d.type"),
                refused("a decimal of 401 digits", m -> setField(m.resolve("usage_agg_30d.csv"), 6, "watch_hours_30d",
                        "1e400"), "usage_agg_30d.csv:6", "usage_agg_30d.watch_hours_30d.max"),
                refused("more hours than 30 days hold", m -> setField(m.resolve("usage_agg_30d.csv"), 7, "watch_hours_30d",
                        "720.5"), "usage_agg_30d.csv:7", "usage_agg_30d.watch_hours_30d.max"),
                refused("Arabic-Indic digits", m -> setField(m.resolve("subscriptions.csv"), 8, "months_active",
                        "\u0661\u0662"), "subscriptions.csv:8", "subscriptions.months_active.type"),
                refused("fullwidth digits", m -> setField(m.resolve("payments_agg_90d.csv"), 9, "failed_payments_90d",
                        "\uff11\uff12"), "payments_agg_90d.csv:9", "payments_agg_90d.failed_payments_90d.type"),
                refused("the date +5874898-01-01", m -> setField(m.resolve("users.csv"), 10, "signup_date",
                        "+5874898-01-01"), "users.csv:10", "users.signup_date.type"),
                refused("year 0", m -> setField(m.resolve("users.csv"), 11, "signup_date", "0000-03-04"),
                        "users.csv:11", "users.signup_date.min"),
                refused("year 10000", m -> setField(m.resolve("users.csv"), 12, "signup_date", "10000-01-01"),
                        "users.csv:12", "users.signup_date.type"),
                refused("a 100 KB user_id", m -> setField(m.resolve("support_agg_90d.csv"), 13, "user_id",
                        "u".repeat(100_000)), "support_agg_90d.csv:13", "support_agg_90d.user_id.max_length"),
                refused("a quoted newline inside a user_id", m -> setField(m.resolve("labels.csv"), 14, "user_id",
                        "\"0042\nX\""), "labels.csv:14", "labels.user_id.printable"),
                refused("a line of 2 MB", m -> setField(m.resolve("labels.csv"), 15, "user_id", "x".repeat(2_000_000)),
                        "labels.csv:15", "labels.line_length"),
                refused("a folder inside the month folder", m -> Files.createDirectories(m.resolve("extra")),
                        "extra", "file_name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void aHostileMonthIsRefusedNamingWhereAndChangesNothing(String name, MonthChange change, String where, String rule)
            throws Exception {
        var result = january.refuses(samples, work, change, where, rule);

        assertThat(result.output().lines().mapToInt(String::length).max().orElse(0))
                .as("no value printed at length").isLessThan(600);
        assertThat(january.database().jdbc().queryForObject("SELECT count(*) FROM ingestion_runs WHERE status IN ('STAGING', 'VALIDATING')",
                Long.class)).as("no run left open").isZero();
    }

    @Test
    void lineNumbersAreFileLinesAfterAQuotedLineBreak(TestDatabase db) throws Exception {
        Path month = copy(samples.resolve("month_000"), work.resolve("in/month_000"));
        // line 3 spans two physical lines; the bad value is on the 8th data record, physical line 10
        setField(month.resolve("users.csv"), 3, "user_gender", "\"Ma\nle\"");
        List<String> lines = new ArrayList<>(Files.readAllLines(month.resolve("users.csv")));
        String[] fields = lines.get(9).split(",", -1);
        fields[4] = "Yes";
        lines.set(9, String.join(",", fields));
        Files.write(month.resolve("users.csv"), lines);

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("users.csv:3 user_gender 'Ma\\nle'", "users.csv:10 has_family 'Yes'");
    }

    @Test
    void aSymbolicLinkIsRefusedWithoutBeingRead(TestDatabase db) throws Exception {
        Path month = copy(samples.resolve("month_000"), work.resolve("in/month_000"));
        Path secret = Files.writeString(work.resolve("secret.csv"), "user_id,churn_label\nroot:x:0:0,True\n");
        Files.delete(month.resolve("labels.csv"));
        Files.createSymbolicLink(month.resolve("labels.csv"), secret);

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("labels.regular_file").doesNotContain("root:x");
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM ingestion_runs WHERE error_summary LIKE '%root:x%'",
                Long.class)).isZero();
        assertThat(Files.walk(work.resolve("reports")).filter(Files::isRegularFile).map(p -> read(p))
                .noneMatch(text -> text.contains("root:x"))).isTrue();
    }

    @Test
    void oddButValidValuesArePublishedExactly(TestDatabase db) throws Exception {
        Path month = copy(samples.resolve("month_000"), work.resolve("in/month_000"));
        Path usage = month.resolve("usage_agg_30d.csv");
        String user = field(usage, 2, "user_id");
        String hours = field(usage, 2, "watch_hours_30d");
        String exponent = new java.math.BigDecimal(hours).movePointLeft(1).toPlainString() + "E1";
        setField(usage, 2, "watch_hours_30d", exponent);
        setField(usage, 3, "skips_7d", "+" + field(usage, 3, "skips_7d"));

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(db.jdbc().queryForObject("SELECT watch_hours_30d FROM usage_agg_30d WHERE user_id = ?",
                java.math.BigDecimal.class, user)).isEqualByComparingTo(hours);
    }

    @Test
    void valuesInMessagesAreEscapedAndCut(TestDatabase db) throws Exception {
        assertThat(ingest(db, work, samples.resolve("month_000")).exitCode()).isZero();
        Path month = copy(samples.resolve("month_001"), work.resolve("in/month_001"));
        setField(month.resolve("users.csv"), 2, "user_gender", "F\u0007" + "e".repeat(300));

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("'F\\u0007eee").doesNotContain("\u0007").doesNotContain("e".repeat(120));
        Map<String, Object> error = db.jdbc().queryForMap("SELECT error_summary FROM ingestion_runs WHERE month = 'month_001'");
        assertThat((String) error.get("error_summary")).doesNotContain("\u0007");
    }

    private static Arguments refused(String name, MonthChange change, String where, String rule) {
        return Arguments.of(name, change, where, rule);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
