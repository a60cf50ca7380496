package io.streamflow.ingest.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness: every folder the service writes (inbox, staged, archive, failed, reports, the cluster lock's) is a
 * folder this process can create files in, or a missing one it can create. DOWN names each that is not, with its
 * owner and mode: a bind mount the container engine created as root, say. Without it the file consumer would
 * fail on every poll while health said UP.
 */
public class FoldersHealthCheck extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FoldersHealthCheck.class);

    private final Map<String, Path> folders;
    private volatile boolean lastUp = true;

    /** @param folders the folders by the name the message gives them (inbox, staged, ...), in that order */
    public FoldersHealthCheck(Map<String, Path> folders) {
        super("streamflow", "folders");
        this.folders = new LinkedHashMap<>(folders);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** The folders, among these, that this process cannot write: "name (path: why)", in the map's order. */
    public static List<String> unwritable(Map<String, Path> folders) {
        List<String> described = new ArrayList<>();
        problems(folders).forEach((name, why) -> described.add(name + " (" + why + ")"));
        return described;
    }

    /** name -> "path: why" of each folder this process cannot write, in the map's order. */
    private static Map<String, String> problems(Map<String, Path> folders) {
        Map<String, String> problems = new LinkedHashMap<>();
        folders.forEach((name, path) -> {
            Path folder = path.toAbsolutePath().normalize();
            String why = problem(folder);
            if (why != null) {
                problems.put(name, folder + ": " + why);
            }
        });
        return problems;
    }

    /** Why this process cannot write in the folder, or null when it can. */
    private static String problem(Path folder) {
        if (Files.isDirectory(folder)) {
            return Files.isWritable(folder) && Files.isExecutable(folder) ? null : "not writable, " + ownerAndMode(folder);
        }
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return "not a folder";
        }
        // missing: created on first use, if its nearest existing parent lets this process
        Path parent = folder.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent)) {
            return "missing, and " + parent + " is not a folder";
        }
        return Files.isWritable(parent) && Files.isExecutable(parent) ? null
                : "missing, and " + parent + " is not writable, " + ownerAndMode(parent);
    }

    private static String ownerAndMode(Path path) {
        try {
            return "owner " + Files.getOwner(path).getName() + ", "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException | UnsupportedOperationException e) {
            return "owner unknown";
        }
    }

    /**
     * DOWN with the names of the folders in the message ("not writable: inbox, reports"), and each one's path and
     * reason in the result's data ({@code /observe/health?exposureLevel=full&data=true}) and in the log: the health
     * endpoint escapes the slashes of a message twice.
     */
    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> problems = problems(folders);
        if (problems.isEmpty()) {
            if (!lastUp) {
                LOG.info("Every folder is writable again: {}", String.join(", ", folders.keySet()));
            }
            lastUp = true;
            builder.up();
        } else {
            if (lastUp) {
                LOG.warn("Folders the service must write are not writable; months cannot be taken until they are: {}",
                        String.join("; ", unwritable(folders)));
            }
            lastUp = false;
            problems.forEach(builder::detail);
            builder.message("not writable: " + String.join(", ", problems.keySet())).down();
        }
    }
}
