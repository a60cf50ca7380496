package io.streamflow.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.main.Main;

/** The service watching its inbox, against a test database, with folders under a test's work folder. */
final class RunningService implements AutoCloseable {

    private final TestDatabase db;
    private final Path work;
    private final Main main;

    private RunningService(TestDatabase db, Path work, Main main) {
        this.db = db;
        this.work = work;
        this.main = main;
    }

    static RunningService start(TestDatabase db, Path work, Map<String, String> extra) throws Exception {
        Map<String, String> properties = new HashMap<>(db.properties(work));
        properties.putAll(extra);
        Main main = Streamflow.application(false, properties);
        main.start();
        return new RunningService(db, work, main);
    }

    Main main() {
        return main;
    }

    Path inbox() {
        return work.resolve("inbox");
    }

    /** The status of the month's newest run, or null before its first file is taken. */
    String status(String month) {
        List<String> statuses = db.jdbc().queryForList("SELECT status FROM ingestion_runs WHERE month = ? "
                + "ORDER BY run_id DESC", String.class, month);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    /** Waits until the month's newest run is decided; the status then, or the last one seen at the deadline. */
    String awaitDecision(String month, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            String status = status(month);
            if (status != null && !List.of("STAGING", "VALIDATING").contains(status)) {
                return status;
            }
            Thread.sleep(100); // the run log is in the database: nothing in the routes signals a decision
        }
        return status(month);
    }

    /** Copies a month folder into the inbox under a dot name, then renames it: what a careful copy does. */
    void drop(Path month) throws Exception {
        drop(month, month.getFileName().toString());
    }

    void drop(Path month, String as) throws Exception {
        Path hidden = inbox().resolve("." + as);
        Files.createDirectories(hidden);
        try (Stream<Path> files = Files.list(month)) {
            for (Path file : files.toList()) {
                Files.copy(file, hidden.resolve(file.getFileName()));
            }
        }
        Files.createDirectories(inbox());
        Files.move(hidden, inbox().resolve(as), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
