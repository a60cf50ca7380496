package io.streamflow.ingest.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and places of a month: folder name to as_of (month_NNN counts from the base month, YYYY-MM is
 * that month), and where a month's files go once it is decided.
 */
public final class MonthFolder {

    private static final Pattern NUMBERED = Pattern.compile("month_(\\d{3,4})");
    private static final Pattern CALENDAR = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final YearMonth baseMonth;
    private final Path inbox;
    private final Path staged;
    private final Path archive;
    private final Path failed;
    private final Clock clock;

    /** @param clock tells the current month: no folder may stand for a month after it */
    public MonthFolder(YearMonth baseMonth, Path inbox, Path staged, Path archive, Path failed, Clock clock) {
        this.baseMonth = baseMonth;
        this.inbox = inbox.toAbsolutePath().normalize();
        this.clock = clock;
        this.staged = staged.toAbsolutePath().normalize();
        this.archive = archive.toAbsolutePath().normalize();
        this.failed = failed.toAbsolutePath().normalize();
    }

    /**
     * The last day of the month a folder holds; InvalidInputException for a name that is no month, or a month before
     * the base month or after the current one (a typo such as month_9999 would otherwise become the newest month and
     * turn every real month after it into a backfill).
     */
    public LocalDate asOf(String folder) {
        YearMonth month = null;
        Matcher numbered = NUMBERED.matcher(folder);
        if (numbered.matches()) {
            month = baseMonth.plusMonths(Integer.parseInt(numbered.group(1)));
        } else if (CALENDAR.matcher(folder).matches()) {
            try {
                month = YearMonth.parse(folder);
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        if (month == null) {
            throw new InvalidInputException("'" + folder + "' is not a month folder: expected month_NNN (months after "
                    + baseMonth + ") or YYYY-MM");
        }
        YearMonth current = YearMonth.now(clock);
        if (month.isBefore(baseMonth) || month.isAfter(current)) {
            throw new InvalidInputException("'" + folder + "' stands for " + month + ": a month folder lies between "
                    + baseMonth + " (STREAMFLOW_BASE_MONTH) and the current month, " + current);
        }
        return month.atEndOfMonth();
    }

    /**
     * Splits a file name relative to the inbox ("month_000/users.csv") into folder and file, refusing
     * anything else: deeper paths, parent references, odd characters.
     */
    public String[] split(String relativeName) {
        String[] parts = relativeName.replace('\\', '/').split("/");
        if (parts.length != 2 || !FILE.matcher(parts[0]).matches() || !FILE.matcher(parts[1]).matches()
                || parts[0].startsWith(".") || parts[1].startsWith(".")) {
            throw new InvalidInputException("'" + relativeName + "' is not MONTH_FOLDER/FILE.csv");
        }
        asOf(parts[0]);
        return parts;
    }

    /** Whether a file name is one the service handles by name: letters, digits, '_', '.', '-', not hidden. */
    public static boolean plainFileName(String name) {
        return FILE.matcher(name).matches() && !name.startsWith(".");
    }

    /** Where the file consumer puts a file once staged: staged/run-N/month/file. */
    public String stagedPath(long runId, String relativeName) {
        String[] parts = split(relativeName);
        return staged.resolve("run-" + runId).resolve(parts[0]).resolve(parts[1]).toString();
    }

    /** Where a decided run's files end: archive/month-runN (published) or failed/month-runN (refused). */
    public Path decidedFolder(RunStatus status, String month, long runId) {
        return (status.published() ? archive : failed).resolve(month + "-run" + runId);
    }

    /** The folder unrecognised inbox entries go to: failed/unrecognised. */
    public Path unrecognisedFolder() {
        return failed.resolve("unrecognised");
    }

    /** Where a file that belongs to no month goes. */
    public String unrecognisedPath(String relativeName) {
        return failed.resolve("unrecognised").resolve(relativeName.replace('/', '_').replace("..", "_")).toString();
    }

    public Path staged() {
        return staged;
    }

    public Path inbox() {
        return inbox;
    }
}
