package io.streamflow.ingest;

import static io.streamflow.ingest.CsvEdits.addColumn;
import static io.streamflow.ingest.CsvEdits.appendLine;
import static io.streamflow.ingest.CsvEdits.copy;
import static io.streamflow.ingest.CsvEdits.duplicateLine;
import static io.streamflow.ingest.CsvEdits.eachFile;
import static io.streamflow.ingest.CsvEdits.keepLines;
import static io.streamflow.ingest.CsvEdits.lines;
import static io.streamflow.ingest.CsvEdits.quoteAll;
import static io.streamflow.ingest.CsvEdits.removeColumn;
import static io.streamflow.ingest.CsvEdits.reverseColumns;
import static io.streamflow.ingest.CsvEdits.rewrite;
import static io.streamflow.ingest.CsvEdits.setField;
import static io.streamflow.ingest.CsvEdits.truncate;
import static io.streamflow.ingest.IngestTestSupport.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Every kind of rule, through the real routes: a month_001 broken one way at a time is refused with the
 * file, the rule and the line named, and changes nothing; a month_001 written unusually but validly
 * is published with exactly the values of the plain one.
 */
@ExtendWith(DatabaseExtension.class)
class MonthVariantsTest {

    private static final int USERS = 300;

    @TempDir
    static Path samples;
    private static String plainValues;

    @TempDir
    Path work;

    private static PublishedJanuary january;

    @BeforeAll
    static void samplesAndTheirPlainResult(TestDatabase database) throws Exception {
        SampleMonths.write(samples, USERS, 2, 5);
        january = PublishedJanuary.publish(database, samples);
        Path root = Files.createTempDirectory("streamflow-plain");
        try (TestDatabase db = TestDatabase.create()) {
            assertThat(ingest(db, root, samples.resolve("month_000"), samples.resolve("month_001")).exitCode()).isZero();
            plainValues = db.valueFingerprint();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                refused("an integer with decimals", m -> setField(m.resolve("subscriptions.csv"), 5, "months_active", "12.5"),
                        "subscriptions.csv:5", "subscriptions.months_active.type"),
                refused("a decimal that is no number", m -> setField(m.resolve("usage_agg_30d.csv"), 9, "watch_hours_30d", "abc"),
                        "usage_agg_30d.csv:9", "usage_agg_30d.watch_hours_30d.type"),
                refused("a boolean spelled Yes", m -> setField(m.resolve("users.csv"), 3, "user_is_senior", "Yes"),
                        "users.csv:3", "users.user_is_senior.type"),
                refused("a date that does not exist", m -> setField(m.resolve("users.csv"), 4, "signup_date", "2024-02-30"),
                        "users.csv:4", "users.signup_date.type"),
                refused("a date with a five-digit year", m -> setField(m.resolve("users.csv"), 4, "signup_date", "+12345-06-07"),
                        "users.csv:4", "users.signup_date.type"),
                refused("a date before 1900", m -> setField(m.resolve("users.csv"), 5, "signup_date", "1899-12-31"),
                        "users.csv:5", "users.signup_date.min"),
                refused("a signup after the month's as_of", m -> setField(m.resolve("users.csv"), 6, "signup_date", "2024-03-01"),
                        "users.csv:6", "users.signup_date.max"),
                refused("a user_id with a tab", m -> setField(m.resolve("labels.csv"), 7, "user_id", "0042\tX"),
                        "labels.csv:7", "labels.user_id.printable"),
                refused("a user_id with padding spaces", m -> setField(m.resolve("labels.csv"), 8, "user_id", " 0042-PADDD"),
                        "labels.csv:8", "labels.user_id.printable"),
                refused("a negative count", m -> setField(m.resolve("usage_agg_30d.csv"), 12, "skips_7d", "-1"),
                        "usage_agg_30d.csv:12", "usage_agg_30d.skips_7d.min"),
                refused("a negative fee", m -> setField(m.resolve("subscriptions.csv"), 7, "monthly_fee", "-0.01"),
                        "subscriptions.csv:7", "subscriptions.monthly_fee.min"),
                refused("a value outside the allowed set", m -> setField(m.resolve("subscriptions.csv"), 6, "contract_type", "Weekly"),
                        "subscriptions.csv:6", "subscriptions.contract_type.in_set"),
                refused("an unknown gender value", m -> setField(m.resolve("users.csv"), 8, "user_gender", "F"),
                        "users.csv:8", "users.user_gender.in_set"),
                refused("an empty required value", m -> setField(m.resolve("labels.csv"), 10, "churn_label", ""),
                        "labels.csv:10", "labels.churn_label.not_null"),
                refused("an empty user_id", m -> setField(m.resolve("payments_agg_90d.csv"), 11, "user_id", ""),
                        "payments_agg_90d.csv:11", "payments_agg_90d.user_id.not_null"),
                refused("a missing column", m -> removeColumn(m.resolve("usage_agg_30d.csv"), "skips_7d"),
                        "usage_agg_30d.csv", "usage_agg_30d.column_missing"),
                refused("an unknown column", m -> addColumn(m.resolve("payments_agg_90d.csv"), "favourite_colour", "blue"),
                        "payments_agg_90d.csv", "payments_agg_90d.column_unknown"),
                refused("a column named twice", m -> addColumn(m.resolve("labels.csv"), "churn_label", "False"),
                        "labels.csv", "labels.column_duplicated"),
                refused("a duplicated user", m -> duplicateLine(m.resolve("payments_agg_90d.csv"), 20),
                        "payments_agg_90d.csv:" + (USERS + 2), "payments_agg_90d.user_id.unique"),
                refused("a user unknown to users", m -> appendLine(m.resolve("support_agg_90d.csv"), "0000-ORPHN,1,2.5"),
                        "support_agg_90d.csv:" + (USERS + 2), "support_agg_90d.user_id.references_users"),
                refused("an empty file", m -> Files.write(m.resolve("labels.csv"), new byte[0]),
                        "labels.csv", "labels.not_empty"),
                refused("a header and no rows", m -> keepLines(m.resolve("support_agg_90d.csv"), 1),
                        "support_agg_90d.csv", "support_agg_90d.not_empty"),
                refused("a file cut in the middle of a line", m -> truncate(m.resolve("subscriptions.csv"), 17),
                        "subscriptions.csv:" + (USERS + 1), "subscriptions.field_count"),
                refused("a quote never closed", m -> setField(m.resolve("users.csv"), 50, "user_gender", "\"Male"),
                        "users.csv", "users.csv_syntax"),
                refused("a missing file", m -> Files.delete(m.resolve("usage_agg_30d.csv")),
                        "usage_agg_30d.csv", "usage_agg_30d.file_present"),
                refused("a file that belongs to no table", m -> Files.writeString(m.resolve("notes.txt"), "hello\n"),
                        "notes.txt", "file_name"));
    }

    static Stream<Arguments> unusual() {
        return Stream.of(
                published("Windows line endings", m -> eachFile(m, text -> text.replace("\n", "\r\n"))),
                published("old Mac line endings", m -> eachFile(m, text -> text.replace("\n", "\r"))),
                published("a byte-order mark", m -> rewrite(m.resolve("users.csv"), text -> "\uFEFF" + text)),
                published("every field quoted", m -> rewrite(m.resolve("subscriptions.csv"), CsvEdits::quoteAll)),
                published("columns in another order", m -> reverseColumns(m.resolve("usage_agg_30d.csv"))),
                published("the optional add_on columns, empty", m -> {
                    for (String column : List.of("add_on_security", "add_on_backup", "add_on_device_protect", "add_on_support")) {
                        addColumn(m.resolve("subscriptions.csv"), column, "");
                    }
                }),
                published("no final newline", m -> rewrite(m.resolve("labels.csv"), String::stripTrailing)),
                published("lower-case booleans", m -> rewrite(m.resolve("users.csv"),
                        text -> text.replace(",True", ",true").replace(",False", ",false"))),
                published("blank lines at the end", m -> rewrite(m.resolve("payments_agg_90d.csv"), text -> text + "\n\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedMonthIsRefusedWithFileRuleAndLine(String name, MonthChange change, String where, String rule)
            throws Exception {
        january.refuses(samples, work, change, where, rule);

        TestDatabase db = january.database();
        String report = Files.readString(work.resolve("reports").resolve(db.jdbc().queryForObject(
                "SELECT report_path FROM ingestion_runs WHERE month = 'month_001' ORDER BY run_id DESC LIMIT 1",
                String.class)));
        assertThat(report).contains("REJECTED", rule, "How to resubmit");
        assertThat(report.indexOf("id=\"summary\"")).isLessThan(report.indexOf("id=\"failed\""));
        if (where.contains(":")) {
            assertThat(report).contains("<td>" + where.replace(":", "</td><td class=\"num\">") + "</td>");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusual")
    void anUnusualButValidMonthIsPublishedWithExactValues(String name, MonthChange change, TestDatabase db) throws Exception {
        assertThat(ingest(db, work, samples.resolve("month_000")).exitCode()).isZero();
        Path month = copy(samples.resolve("month_001"), work.resolve("in/month_001"));
        change.apply(month);

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("month_001", "PUBLISHED");
        assertThat(db.valueFingerprint()).isEqualTo(plainValues);
    }

    @Test
    void textWithCharactersThatBulkLoadingEscapesIsPublishedAsWritten(TestDatabase db) throws Exception {
        String odd = "1841-\\N q\"uo,te\\. é";
        Path month = copy(samples.resolve("month_000"), work.resolve("in/month_000"));
        String firstUser = lines(month.resolve("users.csv")).get(1).split(",")[0];
        eachFile(month, text -> text.replace(firstUser + ",", "\"" + odd.replace("\"", "\"\"") + "\","));

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isZero();
        for (String table : List.of("users", "labels", "usage_agg_30d_snapshots", "subscriptions_profile_snapshots")) {
            assertThat(db.jdbc().queryForList("SELECT user_id FROM " + table + " WHERE user_id NOT LIKE '____-_____'",
                    String.class)).as(table).containsExactly(odd);
        }
    }

    @Test
    void optionalColumnsWithValuesArePublished(TestDatabase db) throws Exception {
        Path month = copy(samples.resolve("month_000"), work.resolve("in/month_000"));
        addColumn(month.resolve("subscriptions.csv"), "add_on_backup", "True");
        addColumn(month.resolve("subscriptions.csv"), "add_on_support", "false");

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM subscriptions WHERE add_on_backup AND NOT add_on_support "
                + "AND add_on_security IS NULL", Long.class)).isEqualTo(USERS);
    }

    @Test
    void aMonthOverMonthDropWarnsByDefault(TestDatabase db) throws Exception {
        assertThat(ingest(db, work, samples.resolve("month_000")).exitCode()).isZero();
        Path month = copy(samples.resolve("month_001"), work.resolve("in/month_001"));
        for (String table : List.of("users", "subscriptions", "usage_agg_30d", "payments_agg_90d", "support_agg_90d",
                "labels")) {
            keepLines(month.resolve(table + ".csv"), 1 + USERS / 2);
        }

        var result = ingest(db, work, month);

        assertThat(result.exitCode()).as(result.output()).isZero();
        String report = Files.readString(work.resolve("reports").resolve(db.jdbc().queryForObject(
                "SELECT report_path FROM ingestion_runs WHERE month = 'month_001'", String.class)));
        assertThat(report).contains("id=\"warnings\"", "users.row_count_change", "users.user_id.users_dropped");
    }

    private static Arguments refused(String name, MonthChange change, String where, String rule) {
        return Arguments.of(name, change, where, rule);
    }

    private static Arguments published(String name, MonthChange change) {
        return Arguments.of(name, change);
    }
}
