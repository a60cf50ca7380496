package io.streamflow.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specifies a column's row checks: which rule a value breaks first (empty, printable, length in code points, type,
 * allowed values, bounds, dates up to the month's as_of), the rules a column declares, and how they are described.
 */
class ColumnTest {

    private static final LocalDate AS_OF = LocalDate.of(2024, 1, 31);

    @Test
    void anEmptyValueIsNullWhichOnlyANullableColumnAccepts() {
        assertThat(text(10).check("", AS_OF).rule()).isEqualTo(Rule.NOT_NULL);
        assertThat(text(10).check(null, AS_OF).rule()).isEqualTo(Rule.NOT_NULL);
        assertThat(nullable(ColumnType.BOOLEAN).check("", AS_OF)).isEqualTo(new Column.Violation(null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "a\tb", "a\u0085b", "a\u2028b", "a\u2029b", "\u001B[31m",
            " lead", "trail ", "\u00A0nbsp", "ideographic\u3000", "\u2003em"})
    void textWithControlCharactersOrSpaceAtAnEndIsNotPrintable(String raw) {
        assertThat(text(100).check(raw, AS_OF).rule()).isEqualTo(Rule.PRINTABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Month-to-month", "One year", "Zoë", "渡辺", "😀", "a\u00A0b",
            "Robert'); DROP TABLE users;--"})
    void printableTextPassesAsWritten(String raw) {
        assertThat(text(100).check(raw, AS_OF)).isEqualTo(new Column.Violation(null, raw));
    }

    @Test
    void theLengthOfTextIsCountedInCodePoints() {
        assertThat(text(3).check("😀😀😀", AS_OF).failed()).isFalse();
        assertThat(text(3).check("😀😀😀😀", AS_OF).rule()).isEqualTo(Rule.MAX_LENGTH);
        assertThat(text(3).check("abc", AS_OF).failed()).isFalse();
        assertThat(text(3).check("abcd", AS_OF).rule()).isEqualTo(Rule.MAX_LENGTH);
    }

    @Test
    void aControlCharacterIsReportedBeforeTheLength() {
        assertThat(text(3).check("abcd\n", AS_OF).rule()).isEqualTo(Rule.PRINTABLE);
    }

    @Test
    void onlyAllowedValuesPassAndCaseCounts() {
        Column gender = column(ColumnType.TEXT, null, null, null, false, Set.of("Female", "Male"));
        assertThat(gender.check("Male", AS_OF).failed()).isFalse();
        assertThat(gender.check("male", AS_OF)).isEqualTo(new Column.Violation(Rule.IN_SET, "male"));
        assertThat(gender.check("Other", AS_OF).rule()).isEqualTo(Rule.IN_SET);
    }

    @Test
    void aValueOfTheWrongTypeBreaksTheTypeRuleWithoutAValue() {
        assertThat(integer(0, 10).check("ten", AS_OF)).isEqualTo(new Column.Violation(Rule.TYPE, null));
    }

    @Test
    void numbersMustLieWithinTheirInclusiveBounds() {
        Column months = integer(0, 1200);
        assertThat(months.check("0", AS_OF)).isEqualTo(new Column.Violation(null, 0));
        assertThat(months.check("1200", AS_OF)).isEqualTo(new Column.Violation(null, 1200));
        assertThat(months.check("-1", AS_OF)).isEqualTo(new Column.Violation(Rule.MIN, -1));
        assertThat(months.check("1201", AS_OF)).isEqualTo(new Column.Violation(Rule.MAX, 1201));
        Column fee = column(ColumnType.DECIMAL, new BigDecimal("0"), new BigDecimal("10000"), null, false, Set.of());
        assertThat(fee.check("10000.0000", AS_OF).failed()).isFalse();
        assertThat(fee.check("10000.0001", AS_OF).rule()).isEqualTo(Rule.MAX);
        assertThat(fee.check("-0.0001", AS_OF).rule()).isEqualTo(Rule.MIN);
        assertThat(fee.check("1e4", AS_OF).failed()).isFalse();
        assertThat(fee.check("1e5", AS_OF).rule()).isEqualTo(Rule.MAX);
    }

    @Test
    void datesLieBetweenTheirEarliestDayAndTheMonthsAsOf() {
        Column signup = column(ColumnType.DATE, null, null, LocalDate.of(1900, 1, 1), true, Set.of());
        assertThat(signup.check("1900-01-01", AS_OF).failed()).isFalse();
        assertThat(signup.check("1899-12-31", AS_OF).rule()).isEqualTo(Rule.MIN);
        assertThat(signup.check("2024-01-31", AS_OF)).isEqualTo(new Column.Violation(null, AS_OF));
        assertThat(signup.check("2024-02-01", AS_OF).rule()).isEqualTo(Rule.MAX);
        assertThat(signup.check("2024-02-01", null).failed()).as("no month, no upper bound").isFalse();
    }

    @Test
    void aDateColumnWithoutBoundsTakesAnyDay() {
        Column any = column(ColumnType.DATE, null, null, null, false, Set.of());
        assertThat(any.check("0001-01-01", AS_OF).failed()).isFalse();
        assertThat(any.check("9999-12-31", AS_OF).failed()).isFalse();
    }

    @Test
    void theRulesAColumnDeclaresFollowTheOrderTheyAreChecked() {
        assertThat(column(ColumnType.TEXT, null, null, null, false, Set.of("A")).rules())
                .containsExactly(Rule.NOT_NULL, Rule.PRINTABLE, Rule.MAX_LENGTH, Rule.TYPE, Rule.IN_SET);
        assertThat(nullable(ColumnType.BOOLEAN).rules()).containsExactly(Rule.TYPE);
        assertThat(integer(0, 1).rules()).containsExactly(Rule.NOT_NULL, Rule.TYPE, Rule.MIN, Rule.MAX);
        assertThat(column(ColumnType.DATE, null, null, LocalDate.of(1900, 1, 1), false, Set.of()).rules())
                .containsExactly(Rule.NOT_NULL, Rule.TYPE, Rule.MIN);
        assertThat(column(ColumnType.DATE, null, null, null, true, Set.of()).rules())
                .containsExactly(Rule.NOT_NULL, Rule.TYPE, Rule.MAX);
    }

    @Test
    void eachRuleIsDescribedInWordsWithItsBounds() {
        Column contract = column(ColumnType.TEXT, null, null, null, false, Set.of("Two year", "Month-to-month"));
        assertThat(contract.describe(Rule.IN_SET)).isEqualTo("c is one of Month-to-month, Two year");
        assertThat(contract.describe(Rule.MAX_LENGTH)).isEqualTo("c has at most 256 characters");
        Column fee = column(ColumnType.DECIMAL, new BigDecimal("0.5"), new BigDecimal("1E+4"), null, false, Set.of());
        assertThat(fee.describe(Rule.MIN)).isEqualTo("c >= 0.5");
        assertThat(fee.describe(Rule.MAX)).isEqualTo("c <= 10000");
        assertThat(fee.describe(Rule.TYPE)).startsWith("c is a decimal number");
        Column signup = column(ColumnType.DATE, null, null, LocalDate.of(1900, 1, 1), true, Set.of());
        assertThat(signup.describe(Rule.MIN)).isEqualTo("c >= 1900-01-01");
        assertThat(signup.describe(Rule.MAX)).isEqualTo("c <= the month's as_of");
        assertThat(signup.describe(Rule.UNIQUE)).isEqualTo("c unique");
    }

    private static Column text(int maxLength) {
        return new Column("c", ColumnType.TEXT, false, false, null, null, null, false, maxLength, Set.of(), 1.0);
    }

    private static Column integer(long min, long max) {
        return column(ColumnType.INTEGER, BigDecimal.valueOf(min), BigDecimal.valueOf(max), null, false, Set.of());
    }

    private static Column nullable(ColumnType type) {
        return new Column("c", type, true, false, null, null, null, false, Column.DEFAULT_MAX_LENGTH, Set.of(), 1.0);
    }

    private static Column column(ColumnType type, BigDecimal min, BigDecimal max, LocalDate earliest,
                                 boolean notAfterAsOf, Set<String> allowed) {
        return new Column("c", type, false, false, min, max, earliest, notAfterAsOf, Column.DEFAULT_MAX_LENGTH, allowed,
                1.0);
    }
}
