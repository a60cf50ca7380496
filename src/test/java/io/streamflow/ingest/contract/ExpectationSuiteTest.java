package io.streamflow.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specifies the expectation suite: config/expectations.yml read into its six tables in publish order, the defaults of
 * a minimal suite, and every malformed suite refused with a message naming the table, column and setting at fault.
 */
class ExpectationSuiteTest {

    /** A minimal valid suite; {@link #withUsersColumn} adds a column to its users table. */
    private static final String MINIMAL = """
            tables:
              users:
                snapshot: users_snapshots
                columns:
                  user_id: { type: text, max_length: 64 }
                  signup_date: { type: date, min: 1900-01-01, max: as_of }
            """;

    @Test
    void theProjectsSuiteHoldsTheSixTablesUsersFirst() throws IOException {
        ExpectationSuite suite = ExpectationSuite.load(Path.of("config/expectations.yml"));

        assertThat(suite.tableNames()).containsExactly("users", "subscriptions", "usage_agg_30d", "payments_agg_90d",
                "support_agg_90d", "labels");
        assertThat(suite.tables()).allSatisfy(table -> {
            assertThat(table.fileName()).isEqualTo(table.name() + ".csv");
            assertThat(table.column(TableContract.KEY).rules()).contains(Rule.NOT_NULL, Rule.MAX_LENGTH);
        });
        assertThat(suite.source()).isEqualTo(Path.of("config/expectations.yml").toString());
    }

    @Test
    void tablesAreFoundByTheirExactNameOrFile() throws IOException {
        ExpectationSuite suite = ExpectationSuite.load(Path.of("config/expectations.yml"));

        assertThat(suite.hasTable("labels")).isTrue();
        assertThat(suite.hasTable("Labels")).isFalse();
        assertThat(suite.hasTable("labels.csv")).isFalse();
        assertThat(suite.hasTable("")).isFalse();
        assertThat(suite.tableForFile("labels.csv").name()).isEqualTo("labels");
        assertThat(suite.tableForFile("LABELS.CSV")).isNull();
        assertThat(suite.tableForFile("labels")).isNull();
        assertThat(suite.fileOf("labels")).isEqualTo("labels.csv");
        assertThat(suite.fileOf("notes.txt")).isEqualTo("notes.txt");
        assertThatIllegalArgumentException().isThrownBy(() -> suite.table("staging_users"))
                .withMessage("no table staging_users");
    }

    @Test
    void theTableNamesCannotBeChangedFromOutside() throws IOException {
        ExpectationSuite suite = ExpectationSuite.load(Path.of("config/expectations.yml"));

        assertThatThrownBy(() -> suite.tableNames().add("evil")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> suite.tables().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMinimalSuiteTakesItsDefaults() {
        ExpectationSuite suite = parse(MINIMAL);

        TableContract users = suite.table("users");
        assertThat(users.fileName()).isEqualTo("users.csv");
        assertThat(users.thresholds()).isEqualTo(new TableContract.Thresholds(1.0, 1.0, 1.0));
        assertThat(users.column("signup_date").mostly()).isEqualTo(1.0);
        assertThat(users.column("signup_date").notAfterAsOf()).isTrue();
        assertThat(users.column(TableContract.KEY).maxLength()).isEqualTo(64);
        assertThat(suite.monthOverMonth()).isEqualTo(new ExpectationSuite.MonthOverMonth(0.10, 0.05, false));
    }

    @Test
    void aSuiteMayRefuseOnMonthOverMonthChanges() {
        ExpectationSuite suite = parse(MINIMAL + """
                month_over_month: { max_row_count_change: 0, max_users_dropped: 1, on_failure: refuse }
                """);

        assertThat(suite.monthOverMonth()).isEqualTo(new ExpectationSuite.MonthOverMonth(0.0, 1.0, true));
    }

    @Test
    void allowedValuesAreReadAsText() {
        Column plan = parse(withUsersColumn("plan: { type: text, in: [Basic, 2, \"No\", true] }")).table("users")
                .column("plan");

        assertThat(plan.allowed()).containsExactlyInAnyOrder("Basic", "2", "No", "true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSuites")
    void aMalformedSuiteIsRefusedSayingWhatIsWrong(String what, String yaml, String message) {
        assertThatIllegalArgumentException().as(what).isThrownBy(() -> parse(yaml))
                .withMessageStartingWith("expectation suite: ").withMessageEndingWith(message);
    }

    static Stream<Arguments> malformedSuites() {
        return Stream.of(
                malformed("an empty file", "", "the suite must be a mapping"),
                malformed("a list", "- users\n- labels\n", "the suite must be a mapping"),
                malformed("no tables", "month_over_month: {}\n", "tables must be a mapping"),
                malformed("no table at all", "tables: {}\n", "tables must start with users: the others refer to it"),
                malformed("users not first", "tables:\n  labels: {}\n" + MINIMAL.substring("tables:\n".length()),
                        "tables must start with users: the others refer to it"),
                malformed("a table name that is no identifier", MINIMAL + "  Bad-Name: {}\n",
                        "Bad-Name is not a table name"),
                malformed("a table name with an accent", MINIMAL + "  usérs: {}\n", "usérs is not a table name"),
                malformed("an unknown table setting", MINIMAL.replace("snapshot:", "colour: red\n    snapshot:"),
                        "users: unknown settings [colour]"),
                malformed("a file name with a path", MINIMAL.replace("snapshot:", "file: ../users.csv\n    snapshot:"),
                        "users.file must be a plain .csv name"),
                malformed("no snapshot table", MINIMAL.replace("snapshot: users_snapshots", "file: users.csv"),
                        "users.snapshot must name its snapshot table"),
                malformed("a snapshot table that is SQL", MINIMAL.replace("users_snapshots", "\"x; DROP TABLE users\""),
                        "users.snapshot must name its snapshot table"),
                malformed("no user_id", MINIMAL.replace("user_id:", "account:"), "users has no user_id column"),
                malformed("a nullable user_id", MINIMAL.replace("max_length: 64", "nullable: true"),
                        "users.user_id must be required, non-null text of at most 64 characters"),
                malformed("a user_id too long", MINIMAL.replace("max_length: 64", "max_length: 65"),
                        "users.user_id must be required, non-null text of at most 64 characters"),
                malformed("an integer user_id",
                        MINIMAL.replace("type: text, max_length: 64", "type: integer, min: 0, max: 9"),
                        "users.user_id must be required, non-null text of at most 64 characters"),
                malformed("user_id alone", MINIMAL.substring(0, MINIMAL.indexOf("      signup_date")),
                        "users needs a column besides user_id"),
                malformed("users with a coverage threshold",
                        MINIMAL.replace("snapshot:", "coverage_mostly: 0.9\n    snapshot:"),
                        "users has no references or coverage check: it is the month's list of users"),
                malformed("a column name in capitals", withUsersColumn("Plan: { type: text }"),
                        "users: Plan is not a column name"),
                malformed("an unknown column setting", withUsersColumn("plan: { type: text, maximum: 3 }"),
                        "users.plan: unknown settings [maximum]"),
                malformed("an unknown type", withUsersColumn("plan: { type: float }"),
                        "users.plan: type must be one of text, integer, decimal, boolean, date"),
                malformed("no type", withUsersColumn("plan: { nullable: true }"),
                        "users.plan: type must be one of text, integer, decimal, boolean, date"),
                malformed("a number without max", withUsersColumn("n: { type: integer, min: 0 }"),
                        "users.n: a number column declares min and max"),
                malformed("min above max", withUsersColumn("n: { type: decimal, min: 2, max: 1 }"),
                        "users.n: min is above max"),
                malformed("a min that is no number", withUsersColumn("n: { type: integer, min: low, max: 1 }"),
                        "users.n.min is not a number"),
                malformed("a date min that is no date", withUsersColumn("d: { type: date, min: 1900-13-01 }"),
                        "users.d.min is not a date YYYY-MM-DD"),
                malformed("a date max other than as_of", withUsersColumn("d: { type: date, max: 2030-01-01 }"),
                        "users.d.max of a date column is as_of"),
                malformed("bounds on text", withUsersColumn("t: { type: text, min: 1 }"),
                        "users.t: min/max need a number or date column"),
                malformed("a max_length on a number",
                        withUsersColumn("n: { type: integer, min: 0, max: 1, max_length: 3 }"),
                        "users.n.max_length is a positive whole number, for a text column"),
                malformed("a max_length of zero", withUsersColumn("t: { type: text, max_length: 0 }"),
                        "users.t.max_length is a positive whole number, for a text column"),
                malformed("allowed values that are no list", withUsersColumn("t: { type: text, in: Basic }"),
                        "users.t.in must be a list"),
                malformed("nullable that is no boolean", withUsersColumn("t: { type: text, nullable: \"yes\" }"),
                        "users.t.nullable must be true or false"),
                malformed("a mostly above one", withUsersColumn("t: { type: text, mostly: 1.5 }"),
                        "users.t.mostly must be between 0 and 1"),
                malformed("a mostly in words", withUsersColumn("t: { type: text, mostly: high }"),
                        "users.t.mostly must be a number between 0 and 1"),
                malformed("a negative month-over-month threshold",
                        MINIMAL + "month_over_month: { max_users_dropped: -0.1 }\n",
                        "max_users_dropped must be between 0 and 1"),
                malformed("an unknown on_failure", MINIMAL + "month_over_month: { on_failure: panic }\n",
                        "month_over_month.on_failure is warn or refuse"));
    }

    @Test
    void aSuiteOfNestedAliasesIsRefusedBeforeItGrows() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 10; level++) {
            bomb.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(("*a" + (level - 1) + ", ").repeat(9)).append("*a").append(level - 1).append("]\n");
        }
        bomb.append("tables: *a9\n");

        assertThatThrownBy(() -> parse(bomb.toString())).hasMessageContaining("aliases");
    }

    private static Arguments malformed(String what, String yaml, String message) {
        return Arguments.of(what, yaml, message);
    }

    private static String withUsersColumn(String column) {
        return MINIMAL + "      " + column + "\n";
    }

    private static ExpectationSuite parse(String yaml) {
        return ExpectationSuite.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
