package io.streamflow.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specifies month folder names: month_NNN counts months from the base month, YYYY-MM names one, and either lies
 * between the base month and the current one; file names relative to the inbox are MONTH/FILE and nothing else; and
 * where a month's files go, never outside their folders.
 */
class MonthFolderTest {

    private static final Path ROOT = Path.of("target/month-folder-test").toAbsolutePath();
    /** The clock of most tests: June 2024, so month_000 (January) to month_005 (June) are months. */
    private static final MonthFolder JUNE_2024 = months(YearMonth.of(2024, 1), "2024-06-15T12:00:00Z");

    @ParameterizedTest
    @CsvSource({"month_000, 2024-01-31", "month_001, 2024-02-29", "month_005, 2024-06-30", "month_0002, 2024-03-31",
            "2024-01, 2024-01-31", "2024-06, 2024-06-30"})
    void aMonthFolderStandsForTheLastDayOfItsMonth(String folder, LocalDate asOf) {
        assertThat(JUNE_2024.asOf(folder)).isEqualTo(asOf);
    }

    @ParameterizedTest
    @ValueSource(strings = {"month_00", "month_12345", "month_-01", "Month_000", "month_000 ", " month_000", "month_",
            "month_\u0660\u0660\u0660", "month_\uFF10\uFF10\uFF10", "2024-1", "2024-13", "2024-00", "24-01", "2024_01",
            "../month_000", "month_000/..", "", "users.csv"})
    void aNameThatIsNoMonthIsRefusedSayingWhatAMonthFolderIs(String folder) {
        assertThatThrownBy(() -> JUNE_2024.asOf(folder)).isInstanceOf(InvalidInputException.class)
                .hasMessage("'" + folder + "' is not a month folder:"
                        + " expected month_NNN (months after 2024-01) or YYYY-MM");
    }

    @ParameterizedTest
    @CsvSource({"month_006, 2024-07", "month_9999, 2857-04", "2023-12, 2023-12", "0000-01, 0000-01", "9999-12, 9999-12",
            "2024-07, 2024-07"})
    void aMonthBeforeTheBaseOrAfterTheCurrentOneIsRefusedNamingBoth(String folder, String month) {
        assertThatThrownBy(() -> JUNE_2024.asOf(folder)).isInstanceOf(InvalidInputException.class)
                .hasMessage("'" + folder + "' stands for " + month + ": a month folder lies between 2024-01"
                        + " (STREAMFLOW_BASE_MONTH) and the current month, 2024-06");
    }

    @Test
    void theCurrentMonthBeginsAtMidnightOfTheClocksZone() {
        assertThatThrownBy(() -> months(YearMonth.of(2024, 1), "2024-06-30T23:59:59Z").asOf("month_006"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(months(YearMonth.of(2024, 1), "2024-07-01T00:00:00Z").asOf("month_006"))
                .isEqualTo(LocalDate.of(2024, 7, 31));
    }

    @Test
    void numberedMonthsCountFromTheBaseMonthAcrossYears() {
        MonthFolder fromNovember = months(YearMonth.of(2023, 11), "2024-06-15T12:00:00Z");

        assertThat(fromNovember.asOf("month_000")).isEqualTo(LocalDate.of(2023, 11, 30));
        assertThat(fromNovember.asOf("month_002")).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(fromNovember.asOf("2023-11")).isEqualTo(LocalDate.of(2023, 11, 30));
    }

    @Test
    void aFileNameIsSplitIntoMonthAndFile() {
        assertThat(JUNE_2024.split("month_000/users.csv")).containsExactly("month_000", "users.csv");
        assertThat(JUNE_2024.split("2024-02\\labels.csv")).containsExactly("2024-02", "labels.csv");
        String longest = "a".repeat(96) + ".csv";
        assertThat(JUNE_2024.split("month_000/" + longest)).containsExactly("month_000", longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users.csv", "month_000/users.csv/x", "month_000/../users.csv", "../month_000/users.csv",
            "month_000/.users.csv", ".month_000/users.csv", "month_000/us ers.csv", "month_000/usérs.csv",
            "month_000/users.csv\u0000", "month_000/", "/users.csv", "month_000//users.csv"})
    void anythingButMonthSlashFileIsRefused(String relativeName) {
        assertThatThrownBy(() -> JUNE_2024.split(relativeName)).isInstanceOf(InvalidInputException.class)
                .hasMessage("'" + relativeName + "' is not MONTH_FOLDER/FILE.csv");
    }

    @Test
    void aFileNameOfMoreThanAHundredCharactersIsRefused() {
        assertThatThrownBy(() -> JUNE_2024.split("month_000/" + "a".repeat(97) + ".csv"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aFileOfAFolderThatIsNoMonthIsRefusedAsItsFolderIs() {
        assertThatThrownBy(() -> JUNE_2024.split("month_9999/users.csv")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stands for 2857-04");
    }

    @Test
    void plainFileNamesAreAsciiLettersDigitsAndDotsUnderscoresDashesNotHidden() {
        assertThat(MonthFolder.plainFileName("users.csv")).isTrue();
        assertThat(MonthFolder.plainFileName("_SUCCESS")).isTrue();
        assertThat(MonthFolder.plainFileName("a".repeat(100))).isTrue();
        assertThat(MonthFolder.plainFileName("a".repeat(101))).isFalse();
        assertThat(MonthFolder.plainFileName(".users.csv")).isFalse();
        assertThat(MonthFolder.plainFileName("users csv")).isFalse();
        assertThat(MonthFolder.plainFileName("usérs.csv")).isFalse();
        assertThat(MonthFolder.plainFileName("users.csv\n")).isFalse();
        assertThat(MonthFolder.plainFileName("")).isFalse();
    }

    @Test
    void aStagedFileWaitsInItsRunsFolder() {
        assertThat(Path.of(JUNE_2024.stagedPath(7, "month_000/users.csv")))
                .isEqualTo(ROOT.resolve("staged/run-7/month_000/users.csv"));
        assertThatThrownBy(() -> JUNE_2024.stagedPath(7, "month_000/../../users.csv"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aDecidedRunsFilesGoToTheArchiveWhenPublishedElseToTheFailedArea() {
        assertThat(JUNE_2024.decidedFolder(RunStatus.PUBLISHED, "month_000", 7))
                .isEqualTo(ROOT.resolve("archive/month_000-run7"));
        assertThat(JUNE_2024.decidedFolder(RunStatus.ALREADY_PUBLISHED, "month_000", 8))
                .isEqualTo(ROOT.resolve("archive/month_000-run8"));
        assertThat(JUNE_2024.decidedFolder(RunStatus.REJECTED, "2024-02", 9))
                .isEqualTo(ROOT.resolve("failed/2024-02-run9"));
        assertThat(JUNE_2024.decidedFolder(RunStatus.INCOMPLETE, "month_001", 10))
                .isEqualTo(ROOT.resolve("failed/month_001-run10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes.txt", "month_9999/users.csv", "../../etc/passwd", "a/../../b", "....//....//x",
            "month_000/sub/users.csv"})
    void anUnrecognisedFileGoesIntoTheUnrecognisedFolderAndNowhereElse(String relativeName) {
        Path target = Path.of(JUNE_2024.unrecognisedPath(relativeName));

        assertThat(target.normalize().getParent()).isEqualTo(ROOT.resolve("failed/unrecognised"));
        assertThat(target.getFileName().toString()).doesNotContain("/", "..");
    }

    @Test
    void foldersAreAbsoluteAndNormalised() {
        MonthFolder relative = new MonthFolder(YearMonth.of(2024, 1), Path.of("x/../inbox"), Path.of("./staged"),
                Path.of("archive"), Path.of("failed"), Clock.systemUTC());

        assertThat(relative.inbox()).isEqualTo(Path.of("inbox").toAbsolutePath());
        assertThat(relative.staged()).isEqualTo(Path.of("staged").toAbsolutePath());
        assertThat(relative.unrecognisedFolder()).isEqualTo(Path.of("failed/unrecognised").toAbsolutePath());
    }

    private static MonthFolder months(YearMonth base, String now) {
        return new MonthFolder(base, ROOT.resolve("inbox"), ROOT.resolve("staged"), ROOT.resolve("archive"),
                ROOT.resolve("failed"), Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }
}
