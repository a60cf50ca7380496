package io.streamflow.ingest.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.run.InvalidInputException;
import io.streamflow.ingest.run.MonthFolder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the inbox holds, and what is done with each entry. Only {@code MONTH/FILE} is taken, where MONTH is a month
 * folder (month_NNN or YYYY-MM within the allowed months) and FILE a regular file named as a contract table or
 * {@code RESTATE}: the file-intake route's consumer sees nothing else ({@link #accept}). Entries whose name starts with
 * a dot are in progress and left alone; {@code _SUCCESS} in a month folder is its producer's completion marker
 * (see {@link MonthReadLock}). Everything else (a file at the inbox root, a folder that is no month, a file the
 * contract does not know, a folder inside a month, a symbolic link, a pipe) is moved to
 * {@code failed/unrecognised/} by {@link #sweep}, once it has not changed for a moment, and the folders it emptied
 * go once they stayed empty a while (an emptied month folder is removed by housekeeping once its month is decided).
 * <p>
 * The sweep walks the inbox itself rather than through a file consumer: the file component follows symbolic links
 * into directories, and moving what it finds there would move files out of wherever the link points.
 */
public class Inbox implements GenericFileFilter<File> {

    /** A producer writes this file into a month folder once the month's files are complete. */
    public static final String SUCCESS_MARKER = "_SUCCESS";
    /** An empty folder is removed once it has stayed empty this long (a copy may be about to fill it). */
    static final Duration EMPTY_FOLDER_GRACE = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final Path root;
    private final Path unrecognised;
    private final MonthFolder months;
    private final ExpectationSuite suite;
    private final Duration settle;

    /** @param settle how long an unrecognised entry must stay unchanged before it is moved */
    public Inbox(Path root, Path unrecognised, MonthFolder months, ExpectationSuite suite, Duration settle) {
        this.root = root.toAbsolutePath().normalize();
        this.unrecognised = unrecognised.toAbsolutePath().normalize();
        this.months = months;
        this.suite = suite;
        this.settle = settle;
    }

    /** Lets the consumer into month folders, and take their month files only. */
    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = Path.of(file.getAbsoluteFilePath()).toAbsolutePath().normalize();
        Path relative = root.relativize(path);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                return relative.getNameCount() == 1 && isMonth(relative.getFileName().toString());
            }
            return attributes.isRegularFile() && isMonthFile(relative);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private boolean isMonthFile(Path relative) {
        if (relative.getNameCount() != 2 || !isMonth(relative.getName(0).toString())
                || Files.isSymbolicLink(root.resolve(relative.getName(0)))) {
            return false;
        }
        String name = relative.getFileName().toString();
        return suite.tableForFile(name) != null || TableIntake.RESTATE_MARKER.equals(name);
    }

    private boolean isMonth(String folder) {
        try {
            months.asOf(folder);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * Moves every unrecognised entry that has settled to failed/unrecognised/ (its path joined with '_', with a number
     * added where the name is taken) and removes folders that stayed empty; one log line per sweep that moved
     * something. Returns the number of entries moved.
     */
    public int sweep() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long settledBefore = System.currentTimeMillis() - settle.toMillis();
        List<String> moved = new ArrayList<>();
        List<Path> emptyCandidates = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (hidden(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path relative = root.relativize(dir);
                if (relative.getNameCount() > 1 || !isMonth(relative.toString())) {
                    emptyCandidates.add(dir); // a folder that is no month: an emptied month folder is housekeeping's
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path entry, BasicFileAttributes attributes) throws IOException {
                Path relative = root.relativize(entry);
                if (hidden(entry) || attributes.lastModifiedTime().toMillis() > settledBefore) {
                    return FileVisitResult.CONTINUE;
                }
                String why = unrecognisedBecause(relative, attributes);
                if (why != null) {
                    moveAside(entry, relative);
                    moved.add("'" + relative + "' (" + why + ")");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path entry, IOException e) {
                return FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: the next sweep tries again
            }
        });
        long emptySince = System.currentTimeMillis() - EMPTY_FOLDER_GRACE.toMillis();
        for (int i = emptyCandidates.size() - 1; i >= 0; i--) { // deepest first
            Path dir = emptyCandidates.get(i);
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isEmpty() && Files.getLastModifiedTime(dir).toMillis() < emptySince) {
                    Files.delete(dir);
                }
            } catch (IOException e) {
                // filled or removed meanwhile
            }
        }
        if (!moved.isEmpty()) {
            LOG.warn("Moved {} entr{} that {} no MONTH/TABLE.csv out of the inbox to {}: {}{}", moved.size(),
                    moved.size() == 1 ? "y" : "ies", moved.size() == 1 ? "is" : "are", unrecognised,
                    moved.stream().limit(5).collect(Collectors.joining(", ")), moved.size() > 5 ? ", ..." : "");
        }
        return moved.size();
    }

    /** Why an entry is not taken, or null when it is a month file or a month's completion marker. */
    private String unrecognisedBecause(Path relative, BasicFileAttributes attributes) {
        if (relative.getNameCount() == 1) {
            return attributes.isSymbolicLink() ? "a symbolic link" : "not inside a month folder";
        }
        try {
            months.asOf(relative.getName(0).toString());
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        if (relative.getNameCount() > 2) {
            return "inside a folder within a month folder";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (!attributes.isRegularFile()) {
            return "not a regular file";
        }
        if (SUCCESS_MARKER.equals(relative.getFileName().toString()) || isMonthFile(relative)) {
            return null;
        }
        return "not one of the month's files (" + suite.tables().stream().map(t -> t.fileName())
                .collect(Collectors.joining(", ")) + ", or " + TableIntake.RESTATE_MARKER + ")";
    }

    private boolean hidden(Path entry) {
        for (Path part : root.relativize(entry)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private void moveAside(Path entry, Path relative) throws IOException {
        Files.createDirectories(unrecognised);
        String name = relative.toString().replace(File.separatorChar, '_');
        Path target = unrecognised.resolve(name);
        for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
            target = unrecognised.resolve(name + "." + n); // rename() would replace what is there
        }
        try {
            Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(entry, target); // another file system: copied (a link as a link), then removed
        }
    }
}
