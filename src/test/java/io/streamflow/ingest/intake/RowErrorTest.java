package io.streamflow.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import io.streamflow.ingest.contract.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specifies a row error as it is stored and shown: the staging_errors row it becomes, and its value with control
 * characters escaped and cut to a hundred characters without splitting a character.
 */
class RowErrorTest {

    @Test
    void anErrorBecomesAStagingErrorsRow() {
        RowError error = new RowError(42, "monthly_fee", Rule.MAX, "10001");

        assertThat(error.toRow(7, "subscriptions")).isEqualTo(Map.of("run_id", 7L, "table_name", "subscriptions",
                "line_no", 42, "column_name", "monthly_fee", "rule", "max", "value", "10001"));
    }

    @Test
    void anErrorOfTheWholeFileHasAnEmptyColumnAndMayHaveNoValue() {
        Map<String, Object> row = new RowError(0, null, Rule.FILE_PRESENT, null).toRow(7, "labels");

        assertThat(row).containsEntry("column_name", "").containsEntry("line_no", 0).containsEntry("value", null);
    }

    @ParameterizedTest
    @MethodSource("controlCharacters")
    void controlCharactersAreShownEscaped(String value, String shown) {
        assertThat(new RowError(3, "c", Rule.PRINTABLE, value).value()).isEqualTo(shown);
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("a\nb", "a\\nb"),
                Arguments.of("a\rb", "a\\rb"),
                Arguments.of("a\tb", "a\\tb"),
                Arguments.of("C:\\tmp", "C:\\\\tmp"),
                Arguments.of("a\u0000b", "a\\u0000b"),
                Arguments.of("\u001B[31m", "\\u001b[31m"),
                Arguments.of("a\u007Fb", "a\\u007fb"),
                Arguments.of("a\u0085b", "a\\u0085b"),
                Arguments.of("a\u2028b", "a\\u2028b"),
                Arguments.of("a\u2029b", "a\\u2029b"));
    }

    @Test
    void lettersSpacesAndSymbolsOfAnyScriptAreShownAsWritten() {
        String value = "Zoë 渡辺 😀 \u00A0 ' \" ; -- <b>";

        assertThat(RowError.shown(value)).isEqualTo(value);
    }

    @Test
    void aValueOfAHundredCharactersIsShownWhole() {
        String value = "x".repeat(100);

        assertThat(RowError.shown(value)).isEqualTo(value);
    }

    @Test
    void aLongerValueIsCutToAHundredCharactersAndMarked() {
        assertThat(RowError.shown("x".repeat(101))).isEqualTo("x".repeat(100) + "…");
        assertThat(RowError.shown("y".repeat(1_000_000))).hasSize(101).endsWith("…");
    }

    @Test
    void anEscapeAtTheCutIsCutToo() {
        String shown = RowError.shown("x".repeat(99) + "\n" + "rest");

        assertThat(shown).hasSize(101).startsWith("x".repeat(99)).endsWith("…");
    }

    @Test
    void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String shown = RowError.shown("x".repeat(99) + "😀😀");

        assertThat(shown).isEqualTo("x".repeat(99) + "…");
        assertThat(shown.codePoints()).noneMatch(c -> Character.getType(c) == Character.SURROGATE);
    }

    @Test
    void noValueStaysNoValue() {
        assertThat(RowError.shown(null)).isNull();
        assertThat(RowError.shown("")).isEmpty();
    }
}
