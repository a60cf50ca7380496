package io.streamflow.ingest;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.gate.MonthGate;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.Failures;
import io.streamflow.ingest.run.InvalidInputException;
import io.streamflow.ingest.run.MonthBusyException;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.Runs;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest DIR...}: sends each month folder's files through the same routes the inbox feeds, folders in
 * name order, the files of a folder in parallel ({@code streamflow.ingest-threads}); takes each folder as
 * complete (a missing file refuses the month at once), waits for the decisions and prints one line per month.
 * The next folder stages while the previous month is gated and published; months are still decided one after
 * the other, in name order. The folders are only read, never moved.
 */
public class IngestCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    private static final long MONTH_TIMEOUT_MINUTES = 120;
    private static final long MONTH_BUSY_WAIT_SECONDS = 300;

    private final List<Path> folders;
    private final Map<String, String> overrides;
    private final PrintStream out;
    private boolean restate;

    public IngestCommand(List<Path> folders, Map<String, String> overrides) {
        this(folders, overrides, System.out);
    }

    public IngestCommand(List<Path> folders, Map<String, String> overrides, PrintStream out) {
        this.overrides = overrides;
        this.out = out;
        this.folders = folders.stream().sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }

    /** Lets these months replace already published as_of dates with different content. */
    public IngestCommand restating(boolean restateRequested) {
        this.restate = restateRequested;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                System.err.println("not a folder: " + folder);
                return 2;
            }
        }
        Main main = Streamflow.application(true, Streamflow.schemaVersionChecked(overrides));
        main.addMainListener(new ReportsFolderCheck());
        try {
            main.start();
        } catch (Exception e) {
            System.err.println("cannot start: " + Failures.rootMessage(e));
            LOG.debug("start-up failed", e);
            return Streamflow.startFailure(e);
        }
        try {
            return ingestAll(main.getCamelContext());
        } finally {
            awaitInflight(main.getCamelContext());
            main.stop();
        }
    }

    /**
     * A month's decision is known before its exchange is done (the aggregator still confirms it in its
     * repository): stopping then would close the database under it.
     */
    private static void awaitInflight(CamelContext context) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (context.getInflightRepository().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private int ingestAll(CamelContext context) throws Exception {
        MonthFolder monthFolder = context.getRegistry().lookupByNameAndType("monthFolder", MonthFolder.class);
        RunLog runLog = context.getRegistry().lookupByNameAndType("runLog", RunLog.class);
        Runs runs = context.getRegistry().lookupByNameAndType("runs", Runs.class);
        ExpectationSuite suite = context.getRegistry().lookupByNameAndType("expectationSuite", ExpectationSuite.class);
        MonthGate gate = context.getRegistry().lookupByNameAndType("monthGate", MonthGate.class);
        int threads = context.getRegistry().lookupByNameAndType("streamflowSettings", StreamflowSettings.class)
                .ingestThreads();
        ProducerTemplate producer = context.createProducerTemplate();
        Map<Path, LocalDate> asOfs = new LinkedHashMap<>();
        int refusedNames = ExitCode.OK;
        for (Path folder : folders) {
            try {
                asOfs.put(folder, monthFolder.asOf(monthName(folder)));
            } catch (InvalidInputException e) {
                // refused at once, before any run is opened: nothing is written for it
                out.println(String.format("%-12s %-10s  %-17s %s", monthName(folder), "-", "REJECTED", e.getMessage()));
                refusedNames = ExitCode.REFUSED;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // Stage the folders in name order, the files of one folder in parallel. A month's gate and publish run
            // on the aggregator's thread, one month after the other in staging order, while the next folder stages.
            List<Staged> staged = new ArrayList<>();
            for (Path folder : asOfs.keySet()) {
                String month = monthName(folder);
                LocalDate asOf = asOfs.get(folder);
                for (Staged earlier : staged) {
                    if (earlier.month().equals(month)) {
                        earlier.outcome().get(MONTH_TIMEOUT_MINUTES, TimeUnit.MINUTES); // the same folder again: after its first run
                    }
                }
                long runId = openRun(runLog, month, asOf);
                var outcome = runs.of(runId).outcome();
                List<Future<Exchange>> requests = new ArrayList<>();
                for (Path file : straysFirst(files(folder), suite)) {
                    Future<Exchange> request = pool.submit(() -> producer.request("direct:stage-file", exchange -> {
                        exchange.getIn().setBody(file.toFile(), File.class);
                        exchange.getIn().setHeader(Exchange.FILE_NAME, month + "/" + file.getFileName());
                        exchange.getIn().setHeader(MonthHeaders.MODE, "ingest");
                        exchange.getIn().setHeader(MonthHeaders.RESTATE, restate);
                    }));
                    if (feedsNoTable(suite, file)) {
                        // an entry that feeds no table cannot hold the month back: the staging of its six tables
                        // completes it, so the gate must find this one's refusal recorded before they start
                        request.get();
                    }
                    requests.add(request);
                }
                Set<String> tables = new TreeSet<>();
                for (Future<Exchange> request : requests) {
                    Exchange done = request.get();
                    if (done.getException() != null) {
                        // what is not the database's fault is recorded as the file's error: this is the database
                        System.err.println(month + ": " + done.getIn().getHeader(Exchange.FILE_NAME) + ": "
                                + Failures.rootMessage(done.getException()));
                        return Failures.isTransient(done.getException()) ? ExitCode.DATABASE_UNREACHABLE : ExitCode.REFUSED;
                    }
                    tables.add(done.getIn().getBody(String.class));
                }
                if (tables.containsAll(suite.tableNames())) {
                    if (staged.stream().anyMatch(earlier -> !earlier.outcome().isDone())) {
                        // its turn comes after the month before: meanwhile its own checks run beside that publish
                        gate.checkAhead(runId);
                    }
                } else {
                    // the folder is all there is: close the month now; the gate names what is missing
                    producer.send("direct:table-staged", exchange -> {
                        exchange.getIn().setBody("");
                        exchange.getIn().setHeader(MonthHeaders.RUN_ID, runId);
                        exchange.getIn().setHeader(MonthHeaders.MONTH, month);
                        exchange.getIn().setHeader(MonthHeaders.AS_OF, asOf.toString());
                        exchange.getIn().setHeader(MonthHeaders.MODE, "ingest");
                        exchange.getIn().setHeader(MonthHeaders.CLOSE, true);
                    });
                }
                staged.add(new Staged(month, asOf, outcome));
            }
            int exitCode = refusedNames;
            for (Staged month : staged) {
                MonthVerdict verdict;
                try {
                    verdict = month.outcome().get(MONTH_TIMEOUT_MINUTES, TimeUnit.MINUTES);
                } catch (ExecutionException e) { // not even a refusal could be written
                    out.println(String.format("%-12s %s  %-17s %s", month.month(), month.asOf(), "NOT DECIDED",
                            Failures.rootMessage(e.getCause())));
                    return Failures.isTransient(e.getCause()) ? ExitCode.DATABASE_UNREACHABLE : ExitCode.REFUSED;
                } catch (TimeoutException e) {
                    out.println(month.month() + "  " + month.asOf() + "  TIMEOUT  no decision after "
                            + MONTH_TIMEOUT_MINUTES + " min");
                    return 1;
                }
                out.println(line(verdict));
                if (!verdict.status().published()) {
                    verdict.failed().stream().filter(ExpectationResult::blocking).limit(5)
                            .forEach(r -> out.println("    " + describe(r, suite)));
                    exitCode = 1;
                } else { // published with warnings (rules that warn only, month over month): said, not hidden
                    verdict.failed().stream().limit(5).forEach(r -> out.println("    warning: " + describe(r, suite)));
                }
            }
            return exitCode;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Staged(String month, LocalDate asOf, CompletableFuture<MonthVerdict> outcome) {
    }

    /** The month's run; while another process decides an earlier run of the month, waits for it (a bounded time). */
    private long openRun(RunLog runLog, String month, LocalDate asOf) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MONTH_BUSY_WAIT_SECONDS);
        while (true) {
            try {
                return runLog.openRun(month, asOf, "ingest");
            } catch (MonthBusyException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private static String monthName(Path folder) {
        return folder.toAbsolutePath().normalize().getFileName().toString();
    }

    /**
     * The entries that feed no table first (each is only recorded as the month's error), then the tables' files,
     * largest first (the longest staging starts first).
     */
    private static List<Path> straysFirst(List<Path> files, ExpectationSuite suite) {
        return files.stream().sorted(Comparator.comparing((Path f) -> !feedsNoTable(suite, f))
                .thenComparing(Comparator.comparingLong((Path f) -> f.toFile().length()).reversed())).toList();
    }

    /** A folder entry whose name is no table's file: it is only recorded as its month's error. */
    private static boolean feedsNoTable(ExpectationSuite suite, Path file) {
        return suite.tableForFile(file.getFileName().toString()) == null;
    }

    /**
     * Every entry of the folder but hidden ones: a symbolic link or a folder among them is sent too, and refused by
     * the gate (only regular files are read, and a month folder holds its files only).
     */
    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    static String line(MonthVerdict v) {
        String rows = v.rowsPerTable().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().getOrDefault("staged", 0L))
                .collect(Collectors.joining(" "));
        return String.format("%-12s %s  %-17s %s%s", v.month(), v.asOf(), v.status(), rows,
                v.summary() == null || !v.status().published() ? "" : "  (" + v.summary() + ")");
    }

    /** One failed rule for the terminal: where (file:line, column, value) first, then which rule. */
    private static String describe(ExpectationResult r, ExpectationSuite suite) {
        String file = suite.fileOf(r.table());
        StringBuilder text = new StringBuilder();
        if (r.examples().isEmpty()) {
            text.append(file);
        } else {
            ExpectationResult.Example e = r.examples().get(0);
            text.append(file).append(e.line() > 0 ? ":" + e.line() : "");
            if (e.column() != null && !e.column().isEmpty()) {
                text.append(' ').append(e.column());
            }
            if (e.value() != null) {
                text.append(" '").append(e.value()).append('\'');
            }
        }
        text.append("  ").append(r.id()).append(": ").append(r.description());
        if (r.failures() > 1) {
            text.append(" (").append(r.failures()).append(" failing");
            if (r.examples().size() > 1 && r.examples().get(0).line() > 0) {
                text.append("; also line ").append(r.examples().stream().skip(1).limit(4)
                        .map(x -> String.valueOf(x.line())).collect(Collectors.joining(", ")));
            } else if (r.examples().size() > 1) { // examples that are no line of the file: a missing user, say
                text.append("; also ").append(r.examples().stream().skip(1).limit(4)
                        .map(x -> "'" + x.value() + "'").collect(Collectors.joining(", ")));
            }
            text.append(')');
        }
        return text.toString();
    }
}
