package io.streamflow.ingest.intake;

import java.io.File;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.month.MonthFolder;
import io.streamflow.ingest.month.RunLog;
import io.streamflow.ingest.observe.FileProgress;
import io.streamflow.ingest.observe.MonthProgress;
import io.streamflow.ingest.month.StageClock;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The start and end of one file's intake: which month run and table it feeds, its header check, and
 * once its rows are staged, the staged_files record that tells the month aggregator this table is in.
 */
public class TableIntake {

    public static final String RUN_ID = "StreamflowRunId";
    public static final String MONTH = "StreamflowMonth";
    public static final String AS_OF = "StreamflowAsOf";
    public static final String TABLE = "StreamflowTable";
    public static final String MODE = "StreamflowMode";
    public static final String POSITIONS = "StreamflowPositions";
    public static final String WIDTH = "StreamflowWidth";
    public static final String HEADER_OK = "StreamflowHeaderOk";
    public static final String SHA256 = "StreamflowSha256";
    public static final String BYTES = "StreamflowBytes";
    public static final String MOVE_TO = "StreamflowMoveTo";
    /** Header set by {@code ingest --restate}: the month may replace a published as_of. */
    public static final String RESTATE = "StreamflowRestate";
    /** A file of this name in a month folder asks for a restatement in service mode. */
    public static final String RESTATE_MARKER = "RESTATE";
    private static final String STARTED = "StreamflowIntakeStarted";

    private static final Pattern CSV_LINE = Pattern.compile("line (\\d+)");

    private final ExpectationSuite suite;
    private final MonthFolder monthFolder;
    private final RunLog runLog;
    private final JdbcTemplate jdbc;
    private final MonthProgress progress;
    private final StageClock clock;
    private final RowDigests digests;

    public TableIntake(ExpectationSuite suite, MonthFolder monthFolder, RunLog runLog, JdbcTemplate jdbc,
                       MonthProgress progress, StageClock clock, RowDigests digests) {
        this.suite = suite;
        this.monthFolder = monthFolder;
        this.runLog = runLog;
        this.jdbc = jdbc;
        this.progress = progress;
        this.clock = clock;
        this.digests = digests;
    }

    /** Names the run and table of the file in the body and checks its header; errors go to the body. */
    public void begin(Exchange exchange) throws IOException {
        exchange.getIn().setHeader(STARTED, System.nanoTime());
        String relativeName = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String[] parts = monthFolder.split(relativeName);
        String month = parts[0];
        LocalDate asOf = monthFolder.asOf(month);
        String mode = exchange.getIn().getHeader(MODE, "service", String.class);
        long runId = runLog.openRun(month, asOf, mode);
        exchange.getIn().setHeader(RUN_ID, runId);
        exchange.getIn().setHeader(MONTH, month);
        exchange.getIn().setHeader(AS_OF, asOf.toString());
        exchange.getIn().setHeader(MOVE_TO, monthFolder.stagedPath(runId, relativeName));

        if (exchange.getIn().getHeader(RESTATE, false, Boolean.class) || RESTATE_MARKER.equals(parts[1])) {
            runLog.requestRestatement(runId);
        }
        File file = exchange.getIn().getBody(File.class);
        if (RESTATE_MARKER.equals(parts[1])) {
            exchange.getIn().setHeader(TABLE, RESTATE_MARKER);
            exchange.getIn().setHeader(HEADER_OK, false);
            exchange.getIn().setHeader(RowChecker.ERRORS, List.of());
            return;
        }
        TableContract table = suite.tableForFile(parts[1]);
        if (table == null) {
            exchange.getIn().setHeader(TABLE, parts[1]);
            exchange.getIn().setHeader(HEADER_OK, false);
            exchange.getIn().setHeader(RowChecker.ERRORS, List.of(new RowError(0, "", Rule.FILE_NAME, parts[1])
                    .toRow(runId, parts[1])));
            return;
        }
        exchange.getIn().setHeader(FileProgress.HEADER, progress.fileStarted(runId, month, asOf.toString(), table.name()));
        HeaderCheck header = HeaderCheck.inspect(file.toPath(), table);
        // a file dropped again into an open run replaces what its earlier copy staged
        StagingArea.prepare(jdbc, table.stagingTable(), runId);
        digests.reset(runId, table.name());
        jdbc.update("DELETE FROM staging_errors WHERE run_id = ? AND table_name = ?", runId, table.name());
        exchange.getIn().setHeader(TABLE, table.name());
        exchange.getIn().setHeader(POSITIONS, header.positions());
        exchange.getIn().setHeader(WIDTH, header.width());
        exchange.getIn().setHeader(SHA256, header.sha256());
        exchange.getIn().setHeader(BYTES, header.bytes());
        exchange.getIn().setHeader(HEADER_OK, header.ok());
        exchange.getIn().setHeader(RowChecker.ERRORS, header.errors().stream()
                .map(e -> e.toRow(runId, table.name())).toList());
    }

    /** A CSV the parser cannot read past some point (an unclosed quote, say): one error for the file. */
    public List<Map<String, Object>> syntaxError(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = cause == null ? "unreadable CSV" : rootMessage(cause);
        Matcher line = CSV_LINE.matcher(message);
        int lineNo = line.find() ? Integer.parseInt(line.group(1)) : 0;
        return List.of(new RowError(lineNo, "", Rule.CSV_SYNTAX, message)
                .toRow(exchange.getIn().getHeader(RUN_ID, Long.class), exchange.getIn().getHeader(TABLE, String.class)));
    }

    /** Records the staged file with its row counts; the body becomes the table name for the aggregator. */
    public String finish(Exchange exchange) {
        long runId = exchange.getIn().getHeader(RUN_ID, Long.class);
        String tableName = exchange.getIn().getHeader(TABLE, String.class);
        TableContract table = ExpectationSuite.TABLES.contains(tableName) ? suite.table(tableName) : null;
        String relativeName = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        if (table != null) {
            long counting = System.nanoTime();
            int staged = jdbc.queryForObject("SELECT count(*) FROM " + table.stagingTable() + " WHERE run_id = ?",
                    Integer.class, runId);
            int refused = jdbc.queryForObject("SELECT count(DISTINCT line_no) FROM staging_errors "
                    + "WHERE run_id = ? AND table_name = ? AND line_no > 1", Integer.class, runId, table.name());
            runLog.recordStagedFile(runId, new RunLog.StagedFile(table.name(), monthFolder.split(relativeName)[1],
                    exchange.getIn().getHeader(SHA256, String.class), exchange.getIn().getHeader(BYTES, 0L, Long.class),
                    staged + refused, staged));
            exchange.getIn().setHeader("StreamflowRowsStaged", staged);
            FileProgress file = exchange.getIn().getHeader(FileProgress.HEADER, FileProgress.class);
            if (file != null) {
                progress.fileStaged(file, staged, refused);
            }
            clock.add(runId, StageClock.STAGE, System.nanoTime() - counting);
        }
        Long started = exchange.getIn().getHeader(STARTED, Long.class);
        if (started != null) {
            clock.fileStaged(runId, System.nanoTime() - started);
        }
        exchange.getIn().removeHeader(FileProgress.HEADER);
        return tableName;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
