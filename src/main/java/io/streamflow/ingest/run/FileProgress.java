package io.streamflow.ingest.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows read so far from one file, carried in header {@value #HEADER} of its exchange. A long file
 * logs a line every {@value #EVERY_ROWS} rows or {@value #EVERY_MILLIS} ms, whichever comes first,
 * with its speed.
 */
public final class FileProgress {

    public static final String HEADER = "StreamflowFileProgress";
    static final long EVERY_ROWS = 100_000;
    static final long EVERY_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(FileProgress.class);

    private final MonthProgress month;
    private final long runId;
    private final String monthName;
    private final String table;
    private final long started = System.nanoTime();
    private long rows;
    private long loggedRows;
    private long loggedAt = started;

    FileProgress(MonthProgress month, long runId, String monthName, String table) {
        this.month = month;
        this.runId = runId;
        this.monthName = monthName;
        this.table = table;
    }

    /** Counts data rows just read (checked, before they are written). */
    public void read(long count) {
        rows += count;
        long now = System.nanoTime();
        if (rows - loggedRows >= EVERY_ROWS || now - loggedAt >= EVERY_MILLIS * 1_000_000) {
            LOG.info("Staging {}/{} (run {}): {} rows read, {} rows/s", monthName, table, runId, rows,
                    perSecond(rows, elapsedMillis()));
            loggedRows = rows;
            loggedAt = now;
        }
        month.rowsRead(this);
    }

    public long rows() {
        return rows;
    }

    long runId() {
        return runId;
    }

    String month() {
        return monthName;
    }

    String table() {
        return table;
    }

    long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    static long perSecond(long count, long millis) {
        return millis <= 0 ? count : count * 1000 / millis;
    }
}
