package io.streamflow.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specifies which CSV text each column type accepts and what it becomes: ASCII digits only, integers within
 * PostgreSQL's integer, decimals exactly as written within NUMERIC's range, True/False, real calendar dates.
 */
class ColumnTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "+7", "-7", "0042", "2147483647", "-2147483648", "+0", "-0", "0000000001"})
    void integersAreAsciiDigitsWithinTheIntegerRange(String raw) {
        assertThat(ColumnType.INTEGER.parse(raw)).isEqualTo(Integer.parseInt(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649", "99999999999", "1.0", "1e3", "0x10", " 1", "1 ", "+", "--1",
            "\u0661\u0662", "\uFF11\uFF12", "1_000", "１"})
    void anythingElseIsNotAnInteger(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> ColumnType.INTEGER.parse(raw));
    }

    @Test
    void anIntegerOutOfRangeSaysSo() {
        assertThatIllegalArgumentException().isThrownBy(() -> ColumnType.INTEGER.parse("2147483648"))
                .withMessage("outside the integer range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.", ".5", "-0.25", "+3.50", "1e3", "1E-9", "6.02e+23", "0.000", "-0.0", "007", "00.10",
            "+5.", "-.5", "123456789012345678", "-12345678.9012345678", "1234567890123456789", "0.1234567890123456789"})
    void decimalsKeepExactlyTheDigitsWritten(String raw) {
        // BigDecimal.equals compares the scale too: 3.50 is not 3.5
        assertThat(ColumnType.DECIMAL.parse(raw)).isEqualTo(new BigDecimal(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "1234567890123456789", ".", "+", "", "1.2.3", " 1", "1,5", "\u0661"})
    void onlyPlainDecimalsOfEighteenDigitsAtMostTakeTheShortWay(String raw) {
        assertThat(ColumnType.plain(raw)).isNull();
    }

    @Test
    void aDecimalKeepsItsTrailingZeros() {
        assertThat(ColumnType.DECIMAL.parse("+3.50")).hasToString("3.50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1,5", ".", "e5", "1e", "1e+", "1e1234567890", "1.2.3",
            "\u0661.\u0665", "0x1p3", "1d", "1f", " 1", ""})
    void anythingElseIsNotADecimal(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> ColumnType.DECIMAL.parse(raw));
    }

    @Test
    void aDecimalOfAThousandCharactersIsReadButNotOneMore() {
        assertThat(ColumnType.DECIMAL.parse("9".repeat(1000))).isEqualTo(new BigDecimal("9".repeat(1000)));
        assertThatIllegalArgumentException().isThrownBy(() -> ColumnType.DECIMAL.parse("9".repeat(1001)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-16384", "1e131072", "1e200000"})
    void aDecimalBeyondPostgresNumericIsRefused(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> ColumnType.DECIMAL.parse(raw))
                .withMessage("outside PostgreSQL's numeric range");
    }

    @Test
    void theEdgesOfPostgresNumericAreAccepted() {
        assertThat(ColumnType.DECIMAL.parse("1e-16383")).isEqualTo(new BigDecimal("1e-16383"));
        assertThat(ColumnType.DECIMAL.parse("1e131071")).isEqualTo(new BigDecimal("1e131071"));
    }

    @Test
    void booleansAreTrueOrFalseCapitalisedOrNot() {
        assertThat(ColumnType.BOOLEAN.parse("True")).isEqualTo(true);
        assertThat(ColumnType.BOOLEAN.parse("true")).isEqualTo(true);
        assertThat(ColumnType.BOOLEAN.parse("False")).isEqualTo(false);
        assertThat(ColumnType.BOOLEAN.parse("false")).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUE", "FALSE", "1", "0", "yes", "no", "t", "f", "True ", " false", "Ｔrue", ""})
    void anythingElseIsNotABoolean(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> ColumnType.BOOLEAN.parse(raw))
                .withMessageContaining("True/False");
    }

    @Test
    void datesAreCalendarDaysWrittenYearMonthDay() {
        assertThat(ColumnType.DATE.parse("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(ColumnType.DATE.parse("1900-01-01")).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(ColumnType.DATE.parse("0000-01-01")).isEqualTo(LocalDate.parse("0000-01-01"));
        assertThat(ColumnType.DATE.parse("9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-05", "24-01-05",
            "+2024-01-05", "20240-01-05", "2024/01/05", "2024-01-05T00:00", "\u0662\u0660\u0662\u0664-01-05", "",
            "2024-01-5 ", "2024-0a-05", "2024--1-05", "-024-01-05"})
    void anythingElseIsNotADate(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> ColumnType.DATE.parse(raw))
                .withMessage("not a valid date (YYYY-MM-DD)");
    }

    @Test
    void textIsKeptAsWritten() {
        String raw = " Zoë, \"😀\"\t";
        assertThat(ColumnType.TEXT.parse(raw)).isSameAs(raw);
    }

    @Test
    void onlyIntegersAndDecimalsAreNumeric() {
        assertThat(ColumnType.values()).filteredOn(ColumnType::isNumeric)
                .containsExactlyInAnyOrder(ColumnType.INTEGER, ColumnType.DECIMAL);
    }
}
