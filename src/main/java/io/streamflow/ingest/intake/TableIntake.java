package io.streamflow.ingest.intake;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.Failures;
import io.streamflow.ingest.run.InvalidInputException;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.MonthProgress;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunState;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.run.Stage;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The start and end of one file's intake: which month run and table it feeds, its header check, the checked stream
 * its rows are parsed from, and once its rows are staged, the staged_files record that tells the month aggregator
 * this table is in. The file's state travels as one exchange property, {@link FileIntake}.
 */
public class TableIntake {

    /** A file of this name in a month folder asks for a restatement in service mode. */
    public static final String RESTATE_MARKER = "RESTATE";
    /** Header set when the file repeats a file of a run decided moments ago: it is moved beside it, not staged. */
    public static final String DUPLICATE = "StreamflowDuplicateOf";
    /** The table a copy of a file its open run staged already belongs to: told to the month again, not staged. */
    public static final String STAGED_ALREADY = "StreamflowStagedAlready";
    /** How long after its decision a run takes identical copies of its files as duplicates instead of a new run. */
    static final int DUPLICATE_WINDOW_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(TableIntake.class);

    private final ExpectationSuite suite;
    private final MonthFolder monthFolder;
    private final RunLog runLog;
    private final JdbcTemplate jdbc;
    private final MonthProgress progress;
    private final Runs runs;
    private final long maxLineBytes;

    public TableIntake(ExpectationSuite suite, MonthFolder monthFolder, RunLog runLog, JdbcTemplate jdbc,
                       MonthProgress progress, Runs runs, long maxLineBytes) {
        this.suite = suite;
        this.monthFolder = monthFolder;
        this.runLog = runLog;
        this.jdbc = jdbc;
        this.progress = progress;
        this.runs = runs;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Names the run and table of the file in the body and checks its header; header errors go to the body (as rows
     * for direct:record-errors). A file identical to one of a run of its month decided moments ago (the same folder
     * dropped twice) is not staged again: header {@value #DUPLICATE} names that run, and the file moves beside it; so
     * is a file identical to the one the month's open run staged for its table (header {@value #STAGED_ALREADY}
     * names the table, for the month to hear of it again).
     */
    public void begin(Exchange exchange) throws IOException {
        String relativeName = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String[] parts = relativeName.replace('\\', '/').split("/");
        if (parts.length != 2) {
            throw new InvalidInputException("'" + relativeName + "' is not MONTH_FOLDER/FILE.csv");
        }
        String month = parts[0];
        LocalDate asOf = monthFolder.asOf(month);
        // a name the service would not handle is refused by the gate as a file the month does not hold
        String fileName = MonthFolder.plainFileName(parts[1]) ? parts[1] : RowError.shown(parts[1]);
        String mode = exchange.getIn().getHeader(MonthHeaders.MODE, "service", String.class);
        Path path = exchange.getIn().getBody(File.class).toPath();
        TableContract table = MonthFolder.plainFileName(parts[1]) ? suite.tableForFile(fileName) : null;
        boolean regular = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
        HeaderCheck header = table != null && regular ? HeaderCheck.inspect(path, table) : null;
        // a table's file the inbox brought: it may repeat one already taken (the ingest command's folders never do)
        boolean inboxFile = header != null && "service".equals(mode);
        if (inboxFile) {
            Optional<RunLog.DecidedRun> twin = runLog.recentTwin(month, table.name(), header.sha256(), written(path),
                    DUPLICATE_WINDOW_SECONDS);
            if (twin.isPresent()) {
                exchange.getIn().setHeader(DUPLICATE, twin.get().runId());
                exchange.getIn().setHeader(MonthHeaders.MOVE_TO, monthFolder.decidedFolder(twin.get().status(), month,
                        twin.get().runId()).resolve(fileName).toString());
                LOG.info("{} is identical to the file run {} of {} staged and decided moments ago ({}): moved beside it,"
                        + " not staged again", relativeName, twin.get().runId(), month, twin.get().status());
                return;
            }
        }
        long runId = runLog.openRun(month, asOf, mode);
        exchange.getIn().setHeader(MonthHeaders.RUN_ID, runId);
        exchange.getIn().setHeader(MonthHeaders.MONTH, month);
        exchange.getIn().setHeader(MonthHeaders.AS_OF, asOf.toString());
        exchange.getIn().setHeader(MonthHeaders.MODE, mode);
        if (inboxFile && runLog.stagedAlready(runId, table.name(), header.sha256())) {
            // staging it again would replace the table's rows with the same rows, and its month may be complete
            // and gated meanwhile: the gate would read the table half staged. Its month hears of the table again
            // (the earlier copy may have been staged just before a crash, before its month heard of it).
            exchange.getIn().setHeader(DUPLICATE, runId);
            exchange.getIn().setHeader(STAGED_ALREADY, table.name());
            exchange.getIn().setHeader(MonthHeaders.MOVE_TO, monthFolder.stagedPath(runId, relativeName));
            LOG.info("{} is identical to the file its open run {} staged: moved beside it, not staged again",
                    relativeName, runId);
            return;
        }
        exchange.getIn().setHeader(MonthHeaders.MOVE_TO, MonthFolder.plainFileName(parts[1])
                ? monthFolder.stagedPath(runId, relativeName) : monthFolder.unrecognisedPath(relativeName));
        if (exchange.getIn().getHeader(MonthHeaders.RESTATE, false, Boolean.class) || RESTATE_MARKER.equals(fileName)) {
            runLog.requestRestatement(runId);
        }
        FileIntake file = new FileIntake(runId, month, asOf, fileName, path, table, header,
                table == null ? null : progress.fileStarted(runId, month, asOf.toString(), table.name()));
        exchange.setProperty(FileIntake.PROPERTY, file);
        if (RESTATE_MARKER.equals(fileName)) {
            exchange.getIn().setBody(List.of());
            return;
        }
        if (table == null) {
            exchange.getIn().setBody(List.of(new RowError(0, "", Rule.FILE_NAME, fileName).toRow(runId, fileName)));
            return;
        }
        // staging readies its partition next (stagingArea.open): a file dropped again into its open run replaces
        // what its earlier copy staged
        List<RowError> errors = regular ? header.errors() : List.of(notRegular(fileName, path));
        exchange.getIn().setBody(errors.stream().map(e -> e.toRow(runId, table.name())).toList());
    }

    /**
     * The refusal of a month file that is not a regular file: a symbolic link (or a folder, a pipe) is never read; a file
     * gone by the time it is read was removed or replaced (a folder copied again over itself) as it was taken.
     */
    static RowError notRegular(String fileName, Path path) {
        return new RowError(0, "", Rule.REGULAR_FILE, fileName + (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                ? " is a symbolic link or not a regular file; it was not read"
                : " was removed or replaced while it was taken; it was not read (drop the month again)"));
    }

    /** When the file was last written or put where it is: the later of its modification and status change times. */
    private static Instant written(Path path) throws IOException {
        Instant modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
        try {
            Instant changed = ((FileTime) Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
            return changed.isAfter(modified) ? changed : modified;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return modified; // no POSIX status change time on this file system
        }
    }

    /** The file's bytes for camel-csv, through a {@link CsvGuard}: valid UTF-8, no NUL, lines of bounded length. */
    public Reader open(@ExchangeProperty(FileIntake.PROPERTY) FileIntake file) throws IOException {
        if (file.refused()) {
            return Reader.nullReader();
        }
        CsvGuard guard = new CsvGuard(HeaderCheck.open(file.path()), maxLineBytes);
        file.reading(guard);
        return new InputStreamReader(guard, StandardCharsets.UTF_8);
    }

    /** camel-csv's records, each with the physical line it starts on. */
    public Iterator<CsvLine> records(@Body Iterator<List<String>> parsed,
                                     @ExchangeProperty(FileIntake.PROPERTY) FileIntake file) {
        return new CsvRecords(parsed, file.guard(), file.header().names(), file::refused);
    }

    /**
     * The file could not be read to its end (the intake's route configuration calls this on a failure that is not
     * to be retried): what stopped it, as the row error that refuses its month, and the reading stops. A refusal
     * names its line and column; anything else (an unexpected failure, running out of memory) names the file. A file
     * that failed before its run was known goes to the failed area. A failure of the database is no fault of the
     * file: nothing is recorded, and the exchange fails.
     */
    public List<Map<String, Object>> refused(Exchange exchange) throws IOException {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FileIntake file = exchange.getProperty(FileIntake.PROPERTY, FileIntake.class);
        if (caught == null || Failures.isTransient(caught)) {
            return List.of();
        }
        if (file == null) {
            String relativeName = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
            exchange.getIn().setHeader(MonthHeaders.MOVE_TO, monthFolder.unrecognisedPath(relativeName));
            LOG.error("{} cannot be read ({}); moved to the failed area", relativeName, Failures.rootMessage(caught), caught);
            return List.of();
        }
        if (!file.refuse()) {
            return List.of(); // refused already: the reading is over
        }
        RowError error = CsvRecords.refusal(caught, file.guard(), file.header() == null ? List.of() : file.header().names())
                .map(InputRefusedException::error).orElseGet(() -> new RowError(0, "", Rule.STAGE_FAILED,
                        "could not be staged: " + Failures.rootMessage(caught)));
        String refusal = file.month() + "/" + file.fileName() + " (run " + file.runId() + ") refused at line " + error.line()
                + ": " + error.rule().id() + " " + error.value();
        if (error.rule() == Rule.STAGE_FAILED) {
            LOG.warn(refusal, caught); // an unexpected failure: its stack trace too
        } else {
            LOG.warn(refusal);
        }
        return List.of(error.toRow(file.runId(), file.table() == null ? file.fileName() : file.table().name()));
    }

    /** Records the staged file with its row counts; the body becomes the table name for the aggregator. */
    public String finish(Exchange exchange) throws IOException {
        FileIntake file = exchange.getProperty(FileIntake.PROPERTY, FileIntake.class);
        exchange.removeProperty(FileIntake.PROPERTY);
        file.close();
        TableContract table = file.table();
        RunState run = runs.of(file.runId());
        if (table != null) {
            RunState.Timer counting = run.time(Stage.STAGE);
            int staged = jdbc.queryForObject("SELECT count(*) FROM " + table.stagingTable() + " WHERE run_id = ?",
                    Integer.class, file.runId());
            int refused = jdbc.queryForObject("SELECT count(DISTINCT line_no) FROM staging_errors "
                    + "WHERE run_id = ? AND table_name = ? AND line_no > 1", Integer.class, file.runId(), table.name());
            runLog.recordStagedFile(file.runId(), new RunLog.StagedFile(table.name(), file.fileName(),
                    file.header() == null ? "" : file.header().sha256(), file.header() == null ? 0 : file.header().bytes(),
                    staged + refused, staged));
            if (file.progress() != null) {
                progress.fileStaged(file.progress(), staged, refused);
            }
            counting.close();
        }
        run.add(Stage.FILE, System.nanoTime() - file.startedNanos());
        return table == null ? file.fileName() : table.name();
    }
}
