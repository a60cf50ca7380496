package io.streamflow.ingest.housekeeping;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Removes the empty folders the service leaves behind once their month is decided. Camel's file consumer moves
 * files, never the folders they were in; nothing else deletes a folder. A folder goes only when it is empty, has not
 * changed for {@link #SETTLED}, and:
 * <ul>
 * <li>{@code inbox/MONTH}: no run of MONTH is open (the files of a month may arrive minutes apart, and the folder
 * waits for them), and the folder last changed no later than {@link #DECISION_SLACK} after MONTH's last decision,
 * that is when the service took its last file; a folder created afresh after that waits for its files;</li>
 * <li>{@code staged/run-N/MONTH} and then {@code staged/run-N}: run N is decided (its files went to the archive or
 * the failed area, and nothing is staged under a decided run).</li>
 * </ul>
 * A symbolic link is never followed nor removed; a folder that a file reaches between the check and the removal
 * stays ({@code rmdir} of a folder that is not empty fails).
 */
public class EmptyFolderSweeper {

    static final Duration SETTLED = Duration.ofSeconds(1);
    static final Duration DECISION_SLACK = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EmptyFolderSweeper.class);
    private static final Pattern RUN_FOLDER = Pattern.compile("run-([0-9]{1,18})");
    private static final String OPEN = "('STAGING', 'VALIDATING')";

    private final Path inbox;
    private final Path staged;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public EmptyFolderSweeper(Path inbox, Path staged, JdbcTemplate jdbc, Clock clock) {
        this.inbox = inbox;
        this.staged = staged;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One pass over the inbox and the staged area; returns the folders it removed. */
    public List<Path> sweep() {
        List<Path> removed = new ArrayList<>();
        try {
            sweepInbox(removed);
            sweepStaged(removed);
        } catch (DataAccessException e) {
            LOG.debug("Empty folders not swept: the run log cannot be read now ({})", e.getMessage());
        } catch (IOException e) {
            LOG.debug("Empty folders not swept: {}", e.toString());
        }
        return removed;
    }

    private void sweepInbox(List<Path> removed) throws IOException {
        Map<String, Path> empty = new HashMap<>();
        for (Path folder : emptySettledFolders(inbox)) {
            empty.put(folder.getFileName().toString(), folder);
        }
        if (empty.isEmpty()) {
            return;
        }
        List<String> months = new ArrayList<>(empty.keySet());
        jdbc.query("SELECT month, bool_or(status IN " + OPEN + ") AS open, max(finished_at) AS decided FROM ingestion_runs"
                + " WHERE month IN (" + placeholders(months.size()) + ") GROUP BY month", rs -> {
                    Timestamp decided = rs.getTimestamp("decided");
                    Path folder = empty.get(rs.getString("month"));
                    if (!rs.getBoolean("open") && decided != null
                            && !changedAt(folder).isAfter(decided.toInstant().plus(DECISION_SLACK))) {
                        remove(folder, removed);
                    }
                }, months.toArray());
    }

    private void sweepStaged(List<Path> removed) throws IOException {
        if (!Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Map<Long, Path> runFolders = new HashMap<>();
        try (Stream<Path> children = Files.list(staged)) {
            for (Path child : children.toList()) {
                Matcher run = RUN_FOLDER.matcher(child.getFileName().toString());
                if (run.matches() && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    runFolders.put(Long.parseLong(run.group(1)), child);
                }
            }
        }
        if (runFolders.isEmpty()) {
            return;
        }
        List<Long> runs = new ArrayList<>(runFolders.keySet());
        Set<Long> decided = new HashSet<>(jdbc.queryForList("SELECT run_id FROM ingestion_runs WHERE status NOT IN " + OPEN
                + " AND run_id IN (" + placeholders(runs.size()) + ")", Long.class, runs.toArray()));
        for (Long run : runs) {
            if (decided.contains(run)) {
                Path runFolder = runFolders.get(run);
                for (Path month : emptySettledFolders(runFolder)) {
                    remove(month, removed);
                }
                if (emptySettledFolders(staged).contains(runFolder)) {
                    remove(runFolder, removed);
                }
            }
        }
    }

    /** The direct sub-folders (not links) of a folder that hold nothing, not even hidden files, and have settled. */
    private List<Path> emptySettledFolders(Path parent) throws IOException {
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Instant settledBefore = clock.instant().minus(SETTLED);
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
            for (Path child : children) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && isEmpty(child)
                        && changedAt(child).isBefore(settledBefore)) {
                    folders.add(child);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return folders;
    }

    private static boolean isEmpty(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static Instant changedAt(Path folder) {
        try {
            return Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }

    private static void remove(Path folder, List<Path> removed) {
        try {
            Files.delete(folder);
            removed.add(folder);
            LOG.info("Removed empty folder {}", folder);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // a file arrived, or another instance removed it: nothing to do
        } catch (IOException e) {
            LOG.debug("Cannot remove empty folder {}: {}", folder, e.toString());
        }
    }

    private static String placeholders(int count) {
        return Collections.nCopies(count, "?").stream().collect(Collectors.joining(", "));
    }
}
