package io.streamflow.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.streamflow.ingest.run.MonthHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.Builder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;

/**
 * The service watching its inbox, against a test database, with folders under a test's work folder. What it does is
 * awaited through Camel's {@link NotifyBuilder}: every run's end is its aggregated month exchange done (validate,
 * publish or refuse, report), whatever decided it.
 */
final class RunningService implements AutoCloseable {

    static final Duration DECISION_TIMEOUT = Duration.ofSeconds(60);

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

    CamelContext context() {
        return main.getCamelContext();
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

    /** The next decision of a month folder: ask for it before what leads to it (a drop, a file). */
    Decision nextDecision(String month) {
        return new Decision(month, new NotifyBuilder(context()).fromRoute("month-aggregator")
                .filter(Builder.header(MonthHeaders.MONTH).isEqualTo(month)).whenDone(1).create());
    }

    /** Notified once a route has completed this many exchanges from now (file-intake: files taken). */
    NotifyBuilder routeDone(String routeId, int exchanges) {
        return new NotifyBuilder(context()).fromRoute(routeId).whenDone(exchanges).create();
    }

    /** Copies a month folder into the inbox under a dot name, then renames it: what a careful copy does. */
    Decision drop(Path month) throws Exception {
        return drop(month, month.getFileName().toString());
    }

    Decision drop(Path month, String as) throws Exception {
        Decision decision = nextDecision(as);
        Path target = inbox().resolve(as);
        if (Files.isDirectory(target)) {
            // the folder of an earlier run, not swept yet: each file under a dot name, then renamed
            try (Stream<Path> files = Files.list(month)) {
                for (Path file : files.toList()) {
                    Path hidden = target.resolve("." + file.getFileName());
                    Files.copy(file, hidden);
                    Files.move(hidden, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return decision;
        }
        Path hidden = inbox().resolve("." + as);
        Files.createDirectories(hidden);
        try (Stream<Path> files = Files.list(month)) {
            for (Path file : files.toList()) {
                Files.copy(file, hidden.resolve(file.getFileName()));
            }
        }
        Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE);
        return decision;
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    /** A month's decision to come. */
    final class Decision {

        private final String month;
        private final NotifyBuilder done;

        private Decision(String month, NotifyBuilder done) {
            this.month = month;
            this.done = done;
        }

        /** The status the run log gives the month once decided, or "UNDECIDED" when the service did not decide in time. */
        String status() {
            return status(DECISION_TIMEOUT);
        }

        String status(Duration timeout) {
            return done.matches(timeout.toMillis(), TimeUnit.MILLISECONDS) ? RunningService.this.status(month) : "UNDECIDED";
        }
    }
}
