package io.streamflow.ingest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jar's entry point ({@code java -jar streamflow.jar}): gives a plain {@code java -jar} the JVM settings of
 * {@code bin/streamflow}, which no manifest can carry. Started without any JVM option, it starts the same jar again in
 * a JVM with them and waits for it, passing on its output, its exit code and a stop (SIGTERM, Ctrl-C); with any JVM
 * option (the launcher's, the image's, a user's own), or {@code STREAMFLOW_RELAUNCH=false}, it runs
 * {@link Streamflow} in this JVM as it is. The settings: the C1 compiler only (C2 too for the hottest methods of a
 * large ingest, {@link #compiler}), the serial collector, a heap of
 * {@code STREAMFLOW_HEAP} (256m), and an archive of the jar's classes next to the jar, written by the first
 * {@code ingest} that ends with 0 or 1 (AppCDS before Java 25, an AOT cache from 25), mapped by later runs.
 * Only JDK classes are loaded here, so the first JVM costs its start and little more (about 0.1 s).
 */
public final class JarLauncher {

    /** An ingest of more than this many bytes of CSV gets C2 for its hottest methods (bin/streamflow: the same). */
    static final long LARGE_INGEST_BYTES = 16L * 1024 * 1024;

    private JarLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = jar();
        if (jar == null || "false".equalsIgnoreCase(System.getenv("STREAMFLOW_RELAUNCH"))
                || !ManagementFactory.getRuntimeMXBean().getInputArguments().isEmpty()) {
            Streamflow.main(args);
            return;
        }
        int feature = Runtime.version().feature();
        Path archive = jar.resolveSibling("streamflow-jar-" + Integer.toHexString(
                (Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis() + ":" + System.getProperty("java.home")
                        + ":" + Runtime.version()).hashCode()) + (feature >= 25 ? ".aot" : ".jsa"));
        boolean writeArchive = !Files.exists(archive) && args.length > 0 && args[0].equals("ingest")
                && Files.isWritable(jar.getParent());
        Path written = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(compiler(args));
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx" + System.getenv().getOrDefault("STREAMFLOW_HEAP", "256m"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        if (feature >= 25) {
            command.add("-Xlog:aot*=off");
        }
        if (Files.exists(archive)) {
            command.add((feature >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        } else if (writeArchive) {
            if (feature >= 25) {
                command.add("-XX:+DisplayVMOutputToStderr");
            }
            command.add((feature >= 25 ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + written);
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));

        // the stop is in place before the second JVM starts: a stop at any moment reaches it, or keeps it from starting
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stop = new Thread(() -> {
            synchronized (started) {
                stopping.set(true);
                Process running = started.get();
                if (running != null && running.isAlive()) {
                    running.destroy(); // SIGTERM: the service shuts down as it would if stopped itself
                    try {
                        running.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }, "streamflow-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        Process child;
        synchronized (started) {
            if (stopping.get()) {
                return;
            }
            child = new ProcessBuilder(command).inheritIO().start();
            started.set(child);
        }
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            return; // stopped: this JVM is on its way out with the second one
        }
        if (writeArchive) {
            install(written, archive, code);
        }
        System.exit(code);
    }

    /**
     * The compiler settings of bin/streamflow: C1 only, or, for an {@code ingest} of more than
     * {@value #LARGE_INGEST_BYTES} bytes of month files, tiered compilation with C2 for the hottest methods only.
     */
    static List<String> compiler(String[] args) {
        long bytes = 0;
        if (args.length > 0 && args[0].equals("ingest")) {
            for (int i = 1; i < args.length; i++) {
                if (!args[i].startsWith("-")) {
                    bytes += folderBytes(Path.of(args[i]));
                }
            }
        }
        return bytes > LARGE_INGEST_BYTES
                ? List.of("-XX:Tier4InvocationThreshold=40000", "-XX:Tier4MinInvocationThreshold=20000",
                        "-XX:Tier4CompileThreshold=50000", "-XX:Tier4BackEdgeThreshold=400000")
                : List.of("-XX:TieredStopAtLevel=1");
    }

    /** The bytes of the files in a folder (a month's files), 0 when it cannot be read: the ingest will say why. */
    private static long folderBytes(Path folder) {
        try (var files = Files.list(folder)) {
            return files.mapToLong(file -> {
                try {
                    return Files.isRegularFile(file) ? Files.size(file) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The jar this class was loaded from, or null when it was not loaded from a jar (tests, an IDE). */
    private static Path jar() {
        try {
            Path location = Path.of(JarLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? location : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The archive an ingest wrote on exit becomes the jar's archive when the run ended normally (0 or 1). */
    private static void install(Path written, Path archive, int code) {
        try {
            if ((code == 0 || code == 1) && Files.isRegularFile(written)) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            // no archive: the next run goes without one, and writes it again
        } finally {
            try {
                Files.deleteIfExists(written);
                Files.deleteIfExists(written.resolveSibling(written.getFileName() + ".config"));
            } catch (IOException ignored) {
                // a temporary file left in the jar's folder
            }
        }
    }
}
