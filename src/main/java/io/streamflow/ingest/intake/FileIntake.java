package io.streamflow.ingest.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.FileProgress;

/**
 * Everything about one file while it is staged, from {@link TableIntake#begin} to {@link TableIntake#finish}: one
 * exchange property ({@value #PROPERTY}), never stored by the aggregator (it is removed before the file's table is
 * handed to it).
 */
public final class FileIntake {

    public static final String PROPERTY = "StreamflowFile";

    private final long runId;
    private final String month;
    private final LocalDate asOf;
    private final String fileName;
    private final Path path;
    private final TableContract table;
    private final HeaderCheck header;
    private final FileProgress progress;
    private final long startedNanos = System.nanoTime();
    private CsvGuard guard;
    private volatile boolean refused;

    /**
     * @param table  the contract table the file feeds, or null for a marker file (RESTATE)
     * @param header its header check, or null for a marker file
     */
    FileIntake(long runId, String month, LocalDate asOf, String fileName, Path path, TableContract table,
               HeaderCheck header, FileProgress progress) {
        this.runId = runId;
        this.month = month;
        this.asOf = asOf;
        this.fileName = fileName;
        this.path = path;
        this.table = table;
        this.header = header;
        this.progress = progress;
    }

    public long runId() {
        return runId;
    }

    public String month() {
        return month;
    }

    public LocalDate asOf() {
        return asOf;
    }

    public String fileName() {
        return fileName;
    }

    public Path path() {
        return path;
    }

    /** The contract table the file feeds, or null for a marker file. */
    public TableContract table() {
        return table;
    }

    public HeaderCheck header() {
        return header;
    }

    public FileProgress progress() {
        return progress;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Whether the file's rows are to be read: a contract table whose header passed, not refused since. */
    public boolean readable() {
        return table != null && header != null && header.ok() && !refused;
    }

    CsvGuard guard() {
        return guard;
    }

    void reading(CsvGuard opened) {
        this.guard = opened;
    }

    /** Whether the file was refused while it was read: its reading stops. */
    public boolean refused() {
        return refused;
    }

    /** Marks the file refused and closes it; false when it was refused already. */
    boolean refuse() throws IOException {
        if (refused) {
            return false;
        }
        refused = true;
        close();
        return true;
    }

    /** Closes the file if it is still open (a refused file stops being read half-way). */
    void close() throws IOException {
        if (guard != null) {
            guard.close();
        }
    }
}
