package io.streamflow.ingest.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

import io.streamflow.ingest.run.RunLog;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * When the inbox consumer may take a month file, decided at once on every poll, never by waiting (so that a file
 * still growing, or a thousand of them, never holds the consumer):
 * <ul>
 *   <li>at once when its month folder holds the producer's {@code _SUCCESS} marker: the month's files are complete;</li>
 *   <li>otherwise once the file has not changed for {@code streamflow.settle-ms} (what Camel's readLock=changed with
 *       readLockMinAge checks, without its wait). A file written slowly, a line at a time, may still be taken between
 *       two writes: its month is then refused, not published short, because each table must cover exactly the users
 *       of the month's users.csv. A producer that writes under a dot name and renames, or writes {@code _SUCCESS}
 *       last, never meets this;</li>
 *   <li>never while its month is being validated or published: the file joins the month's next run, or is found to
 *       repeat a file of the run just decided.</li>
 * </ul>
 * Nothing is locked on disk: one instance consumes the inbox (the cluster leader).
 */
public class MonthReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    private final RunLog runLog;
    private final Duration settle;

    public MonthReadLock(RunLog runLog, Duration settle) {
        this.runLog = runLog;
        this.settle = settle;
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
                                            Exchange exchange) {
        Path path = Path.of(file.getAbsoluteFilePath());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
        if (!attributes.isRegularFile()) {
            return false;
        }
        Path folder = path.getParent();
        boolean complete = Files.isRegularFile(folder.resolve(Inbox.SUCCESS_MARKER), LinkOption.NOFOLLOW_LINKS);
        if (!complete && attributes.lastModifiedTime().toMillis() > System.currentTimeMillis() - settle.toMillis()) {
            return false;
        }
        try {
            return !runLog.beingDecided(folder.getFileName().toString());
        } catch (RuntimeException e) {
            return false; // the database is away: nothing could be staged now anyway
        }
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        // nothing on disk to clean up
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
                                                Exchange exchange) {
        // nothing was locked
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
                                                   Exchange exchange) {
        // nothing was locked
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
                                                 Exchange exchange) {
        // nothing was locked
    }

    @Override
    public void setTimeout(long timeout) {
        // decided at once: no timeout
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        // decided at once: no interval
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        // logs nothing
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // writes no marker file
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // writes no lock file
    }
}
