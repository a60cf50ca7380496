package io.streamflow.ingest.finish;

import java.io.File;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunStatus;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * Lets the archive route take a staged file (staged/run-N/month/file) only once its run is decided,
 * and names where it goes: the archive for a published month, the failed area for a refused one.
 */
public class DecidedRuns implements GenericFileFilter<File> {

    private final RunLog runLog;
    private final MonthFolder monthFolder;
    private final Set<Long> decided = ConcurrentHashMap.newKeySet();

    public DecidedRuns(RunLog runLog, MonthFolder monthFolder) {
        this.runLog = runLog;
        this.monthFolder = monthFolder;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return true;
        }
        Long runId = runId(file.getRelativeFilePath());
        return runId != null && status(runId) != null && !status(runId).open();
    }

    /** Sets the move target of the staged file in the exchange. */
    public void destination(Exchange exchange) {
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        String[] parts = relative.split("/");
        long runId = runId(relative);
        Path target = monthFolder.decidedFolder(status(runId), parts[1], runId).resolve(parts[2]);
        exchange.getIn().setHeader("StreamflowMoveTo", target.toString());
    }

    private RunStatus status(long runId) {
        try {
            RunStatus status = runLog.status(runId);
            if (!status.open()) {
                decided.add(runId);
            }
            return status;
        } catch (EmptyResultDataAccessException e) {
            return null;
        }
    }

    private static Long runId(String relativePath) {
        String first = relativePath.replace('\\', '/').split("/")[0];
        if (!first.matches("run-\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(first.substring(4));
    }
}
