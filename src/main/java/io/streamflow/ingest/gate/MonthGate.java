package io.streamflow.ingest.gate;

import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.run.RunStatus;
import io.streamflow.ingest.run.StageClock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.staging.RowDigests;
import io.streamflow.ingest.staging.StagingArea;
import io.streamflow.ingest.intake.TableIntake;
import io.streamflow.ingest.run.MonthProgress;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs the expectation suite over a staged month: the row checks recorded at intake, then the table
 * checks (not empty, unique user_id, user_id known) and the month-over-month comparison, all in SQL
 * over the staging tables. Decides whether the month may be published.
 */
public class MonthGate {

    /** Rules recorded at intake that concern the file or its header, not a column's values. */
    private static final List<Rule> FILE_RULES = List.of(Rule.FILE_NAME, Rule.REGULAR_FILE, Rule.NOT_EMPTY,
            Rule.CSV_SYNTAX, Rule.ENCODING, Rule.LINE_LENGTH, Rule.STAGE_FAILED, Rule.COLUMN_MISSING, Rule.COLUMN_UNKNOWN,
            Rule.COLUMN_DUPLICATED, Rule.FIELD_COUNT);

    private final ExpectationSuite suite;
    private final RunLog runLog;
    private final JdbcTemplate jdbc;
    private final MonthProgress progress;
    private final StageClock clock;
    private final RowDigests digests;
    private final ExecutorService checks;
    private final TableChecks tableChecks;
    /** Checks started ahead of a month's turn ({@link #checkAhead}), by run id; {@link #GATE_STARTED} once its gate runs. */
    private final Map<Long, Ahead> ahead = new ConcurrentHashMap<>();

    /**
     * The table checks of a complete month (they read its own staging only), started before its turn. They count
     * for the gate only if the month's staged files are still the ones they read.
     */
    private static final class Ahead {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final Map<String, RunLog.StagedFile> files = new TreeMap<>();
        final Map<String, Future<List<ExpectationResult>>> checks = new HashMap<>();
    }

    private static final Ahead GATE_STARTED = new Ahead();

    /**
     * @param checks runs the table checks of a month concurrently, each on its own connection: they only
     *               read, and one month's checks would otherwise leave all but one core idle
     */
    public MonthGate(ExpectationSuite suite, RunLog runLog, JdbcTemplate jdbc, MonthProgress progress, StageClock clock,
                     RowDigests digests, ExecutorService checks) {
        this.suite = suite;
        this.runLog = runLog;
        this.jdbc = jdbc;
        this.progress = progress;
        this.clock = clock;
        this.digests = digests;
        this.checks = checks;
        this.tableChecks = new TableChecks(jdbc);
    }

    /**
     * Starts the checks of a month whose six files are all staged and that waits for its turn (the month before it
     * is being gated or published): ANALYZE of its partitions, then on the gate's threads the checks that read its
     * own staging only. Its gate takes their results instead of running them again. Does nothing when the gate has
     * started on the month; a failure here leaves the checks to the gate.
     */
    public void checkAhead(long runId) {
        Ahead early = new Ahead();
        if (ahead.putIfAbsent(runId, early) != null) {
            return;
        }
        try {
            analyze(runId);
            List<RunLog.StagedFile> staged = runLog.stagedFiles(runId);
            staged.forEach(file -> early.files.put(file.table(), file));
            RunLog.StagedFile users = early.files.get(TableContract.USERS);
            for (RunLog.StagedFile file : staged) {
                TableContract table = suite.table(file.table());
                early.checks.put(table.name(), checks.submit(() -> tableChecks.run(runId, table, file, users)));
            }
            early.started.complete(null);
        } catch (Throwable e) { // whatever it is, the gate must not wait for these checks forever
            early.started.completeExceptionally(e);
            cancel(early);
        }
    }

    /** The verdict on the aggregated run, or null when the run was already decided. */
    public MonthVerdict evaluate(Exchange exchange) {
        long runId = exchange.getIn().getHeader(MonthHeaders.RUN_ID, Long.class);
        if (!runLog.startValidating(runId)) {
            return null;
        }
        Ahead early = ahead.put(runId, GATE_STARTED);
        try {
            early = early == null || early == GATE_STARTED ? null : early;
            if (early != null) {
                try {
                    early.started.join();
                } catch (RuntimeException e) {
                    early = null; // analyzed or not: the gate does it all
                }
            }
            if (early == null) {
                analyze(runId);
            }
            String month = exchange.getIn().getHeader(MonthHeaders.MONTH, String.class);
            LocalDate asOf = LocalDate.parse(exchange.getIn().getHeader(MonthHeaders.AS_OF, String.class));
            progress.validating(runId, month, asOf.toString());
            MonthVerdict verdict = judge(exchange, runId, month, asOf, early);
            progress.validated(verdict);
            return verdict;
        } finally {
            ahead.remove(runId);
        }
    }

    private MonthVerdict judge(Exchange exchange, long runId, String month, LocalDate asOf, Ahead early) {
        long started = System.currentTimeMillis();
        String mode = exchange.getIn().getHeader(MonthHeaders.MODE, "service", String.class);
        boolean timedOut = "timeout".equals(exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY, String.class));

        Map<String, RunLog.StagedFile> files = runLog.stagedFiles(runId).stream()
                .collect(Collectors.toMap(RunLog.StagedFile::table, f -> f, (a, b) -> b, TreeMap::new));
        Map<String, String> checksums = new TreeMap<>();
        Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
        suite.tables().stream().map(t -> files.get(t.name())).filter(java.util.Objects::nonNull).forEach(f -> {
            checksums.put(f.fileName(), f.sha256());
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("read", (long) f.rowsRead());
            counts.put("staged", (long) f.rowsStaged());
            rows.put(f.table(), counts);
        });
        Map<String, Long> millis = new LinkedHashMap<>(clock.intakeMillis(runId));
        if (early != null && !early.files.equals(files)) {
            cancel(early); // a file was staged again since: its checks and statistics are out of date
            early = null;
            analyze(runId);
        }

        List<ExpectationResult> results = new ArrayList<>();
        Map<String, Map<String, List<ExpectationResult.Example>>> examples = examples(runId);
        Map<String, Long> errorCounts = errorCounts(runId);
        // the membership checks need the month's users: without a readable users.csv the month is refused anyway
        RunLog.StagedFile users = files.get(TableContract.USERS) != null
                && readable(suite.table(TableContract.USERS), errorCounts) ? files.get(TableContract.USERS) : null;
        Map<String, Future<List<ExpectationResult>>> tableResults = new HashMap<>();
        for (TableContract table : suite.tables()) {
            RunLog.StagedFile file = files.get(table.name());
            if (file != null && readable(table, errorCounts)) {
                tableResults.put(table.name(), early != null && users != null ? early.checks.get(table.name())
                        : checks.submit(() -> tableChecks.run(runId, table, file, users)));
            }
        }
        // a check left running by a failure below only reads; it ends on its own
        boolean allPresent = files.keySet().containsAll(ExpectationSuite.TABLES);
        for (String unexpected : errorTables(errorCounts)) {
            results.add(fileResult(unexpected, Rule.FILE_NAME, "only the six contract files belong in a month folder",
                    errorCounts, examples));
        }
        for (TableContract table : suite.tables()) {
            RunLog.StagedFile file = files.get(table.name());
            if (file == null) {
                results.add(new ExpectationResult(table.name(), "", Rule.FILE_PRESENT.id(),
                        table.fileName() + " is present in the month folder", 1, 1, 1.0, false, false, List.of()));
                continue;
            }
            for (Rule rule : FILE_RULES) {
                if (errorCounts.containsKey(key(table.name(), null, rule))) {
                    results.add(fileResult(table.name(), rule, describeFileRule(table, rule), errorCounts, examples));
                }
            }
            if (!readable(table, errorCounts)) {
                continue;
            }
            long read = file.rowsRead();
            results.add(new ExpectationResult(table.name(), "", Rule.NOT_EMPTY.id(),
                    table.fileName() + " has at least one row", read == 0 ? 1 : 0, 1, 1.0, read > 0, false, List.of()));
            for (Column column : table.columns()) {
                for (Rule rule : column.rules()) {
                    long failures = errorCounts.getOrDefault(key(table.name(), column.name(), rule), 0L);
                    results.add(rowResult(table.name(), column.name(), rule.id(), column.describe(rule), failures, read,
                            column.mostly(), examples));
                }
            }
            results.addAll(early == null || users == null ? done(tableResults.get(table.name()))
                    : doneOr(tableResults.get(table.name()), () -> tableChecks.run(runId, table, file, users))); // a failed early check runs again
        }
        String digest = null;
        Long restates = null;
        if (allPresent) {
            results.addAll(monthOverMonth(runId, asOf, rows));
            digest = contentDigest(runId, results, files);
            Optional<RunLog.PublishedRun> published = runLog.publishedRun(asOf);
            boolean clean = results.stream().noneMatch(ExpectationResult::blocking);
            if (published.isPresent() && clean && digest.equals(published.get().contentSha256())) {
                millis.put(StageClock.GATE, System.currentTimeMillis() - started);
                return new MonthVerdict(runId, month, asOf, mode, RunStatus.ALREADY_PUBLISHED, results, rows,
                        checksums, digest, null, millis,
                        "same content as run " + published.get().runId() + ", already published");
            }
            if (published.isPresent() && !digest.equals(published.get().contentSha256())
                    && runLog.restatementRequested(runId)) {
                restates = published.get().runId();
                results.add(0, new ExpectationResult("month", "", Rule.ALREADY_PUBLISHED.id(),
                        "as_of " + asOf + " was published by run " + restates + "; this run restates it, as asked",
                        0, 1, 1.0, true, false, List.of()));
            } else if (published.isPresent() && !digest.equals(published.get().contentSha256())) {
                results.add(0, new ExpectationResult("month", "", Rule.ALREADY_PUBLISHED.id(),
                        "as_of " + asOf + " was published by run " + published.get().runId()
                                + " with other content; a published month changes only by an explicit restatement"
                                + " (ingest --restate, or a RESTATE file in the month folder)",
                        1, 1, 1.0, false, false, List.of()));
            }
        }
        millis.put(StageClock.GATE, System.currentTimeMillis() - started);
        List<ExpectationResult> blocking = results.stream().filter(ExpectationResult::blocking).toList();
        boolean missingOnly = blocking.stream().allMatch(r -> r.rule().equals(Rule.FILE_PRESENT.id()));
        RunStatus status = blocking.isEmpty() ? RunStatus.VALIDATING
                : (timedOut && missingOnly ? RunStatus.INCOMPLETE : RunStatus.REJECTED);
        return new MonthVerdict(runId, month, asOf, mode, status, results, rows, checksums, digest, restates, millis,
                summary(blocking, suite));
    }

    /** Planner statistics for the run's staging partitions, before any check reads them. */
    private void analyze(long runId) {
        StagingArea.analyze(jdbc, suite.tables().stream().map(TableContract::stagingTable).toList(), runId);
    }

    /** Whether the file's rows could be read: no file rule failed but, at most, a line's field count. */
    private static boolean readable(TableContract table, Map<String, Long> errorCounts) {
        return FILE_RULES.stream().noneMatch(rule -> rule != Rule.FIELD_COUNT
                && errorCounts.containsKey(key(table.name(), null, rule)));
    }

    /** The result of a check started ahead, or, when it failed, of running it again now. */
    private static <T> T doneOr(Future<T> check, java.util.function.Supplier<T> again) {
        try {
            return check.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gate's table checks ran", e);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return again.get();
        }
    }

    private static void cancel(Ahead early) {
        early.checks.values().forEach(f -> f.cancel(false));
    }

    /** The result of a table check, its failure rethrown as such (the route's error handler retries the gate). */
    private static <T> T done(Future<T> check) {
        try {
            return check.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gate's table checks ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private ExpectationResult fileResult(String table, Rule rule, String description, Map<String, Long> counts,
                                         Map<String, Map<String, List<ExpectationResult.Example>>> examples) {
        long failures = counts.getOrDefault(key(table, null, rule), 0L);
        return new ExpectationResult(table, "", rule.id(), description, failures, failures, 1.0, false, false,
                examples.getOrDefault(table, Map.of()).getOrDefault(rule.id(), List.of()));
    }

    private static ExpectationResult rowResult(String table, String column, String rule, String description,
                                               long failures, long checked, double mostly,
                                               Map<String, Map<String, List<ExpectationResult.Example>>> examples) {
        double observed = checked == 0 ? 1.0 : (double) (checked - failures) / checked;
        List<ExpectationResult.Example> found = examples.getOrDefault(table, Map.of())
                .getOrDefault(rule, List.of()).stream().filter(e -> e.column().equals(column)).toList();
        return new ExpectationResult(table, column, rule, description, failures, checked, mostly,
                failures == 0 || observed >= mostly, false, found);
    }

    /** Row counts and users against the latest published month before this one. */
    private List<ExpectationResult> monthOverMonth(long runId, LocalDate asOf, Map<String, Map<String, Long>> rows) {
        ExpectationSuite.MonthOverMonth limits = suite.monthOverMonth();
        List<Map<String, Object>> previous = jdbc.queryForList("SELECT as_of, rows_per_table::text AS rows "
                + "FROM ingestion_runs WHERE status = 'PUBLISHED' AND as_of < ? ORDER BY as_of DESC, run_id DESC LIMIT 1",
                asOf);
        if (previous.isEmpty()) {
            return List.of();
        }
        LocalDate previousAsOf = ((java.sql.Date) previous.get(0).get("as_of")).toLocalDate();
        Map<String, Map<String, Long>> previousRows;
        try {
            previousRows = RunLog.JSON.readValue((String) previous.get(0).get("rows"), new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        boolean warnOnly = !limits.refuse();
        List<ExpectationResult> results = new ArrayList<>();
        for (String table : ExpectationSuite.TABLES) {
            long before = previousRows.getOrDefault(table, Map.of()).getOrDefault("staged", 0L);
            long now = rows.getOrDefault(table, Map.of()).getOrDefault("staged", 0L);
            if (before == 0) {
                continue;
            }
            long change = Math.abs(now - before);
            boolean passed = (double) change / before <= limits.maxRowCountChange();
            results.add(new ExpectationResult(table, "", Rule.ROW_COUNT_CHANGE.id(),
                    String.format("row count within %.0f%% of %s (%d rows then, %d now)",
                            limits.maxRowCountChange() * 100, previousAsOf, before, now),
                    change, before, 1.0 - limits.maxRowCountChange(), passed, warnOnly && !passed, List.of()));
        }
        // an anti-join, planned as a hash over the analyzed partition of staging_users; the former LEFT JOIN to
        // its DISTINCT user_ids made every parallel worker hash the month's users again (5 s at a million users)
        Long[] dropped = jdbc.queryForObject("SELECT (SELECT count(*) FROM users_snapshots p "
                        + "WHERE p.as_of = ? AND NOT EXISTS (SELECT 1 FROM staging_users u WHERE u.run_id = ? "
                        + "AND u.user_id = p.user_id)), (SELECT count(*) FROM users_snapshots WHERE as_of = ?)",
                (rs, i) -> new Long[] {rs.getLong(1), rs.getLong(2)}, previousAsOf, runId, previousAsOf);
        if (dropped[1] > 0) {
            boolean passed = (double) dropped[0] / dropped[1] <= limits.maxUsersDropped();
            results.add(new ExpectationResult("users", TableContract.KEY, Rule.USERS_DROPPED.id(),
                    String.format("at most %s%% of the users of %s are absent (%d absent: they keep their %s rows)",
                            java.math.BigDecimal.valueOf(limits.maxUsersDropped() * 100).stripTrailingZeros().toPlainString(),
                            previousAsOf, dropped[0], previousAsOf),
                    dropped[0], dropped[1], 1.0 - limits.maxUsersDropped(), passed, warnOnly && !passed, List.of()));
        }
        return results;
    }

    /** Failures recorded at intake, counted per table, column and rule. */
    private Map<String, Long> errorCounts(long runId) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT table_name, column_name, rule, count(*) FROM staging_errors WHERE run_id = ? "
                + "GROUP BY 1, 2, 3", rs -> {
                    Rule rule = Rule.ofId(rs.getString(3));
                    String column = FILE_RULES.contains(rule) ? null : rs.getString(2);
                    counts.merge(key(rs.getString(1), column, rule), rs.getLong(4), Long::sum);
                }, runId);
        return counts;
    }

    /** Up to twenty failing lines per table, rule and column, in line order. */
    private Map<String, Map<String, List<ExpectationResult.Example>>> examples(long runId) {
        Map<String, Map<String, List<ExpectationResult.Example>>> examples = new HashMap<>();
        jdbc.query("SELECT table_name, rule, line_no, column_name, value FROM ("
                + "SELECT *, row_number() OVER (PARTITION BY table_name, column_name, rule ORDER BY line_no) AS nth "
                + "FROM staging_errors WHERE run_id = ?) e WHERE nth <= " + ExpectationResult.MAX_EXAMPLES
                + " ORDER BY table_name, rule, line_no", rs -> {
                    examples.computeIfAbsent(rs.getString(1), t -> new HashMap<>())
                            .computeIfAbsent(rs.getString(2), r -> new ArrayList<>())
                            .add(new ExpectationResult.Example(rs.getInt(3), rs.getString(4), rs.getString(5)));
                }, runId);
        return examples;
    }

    private static List<String> errorTables(Map<String, Long> counts) {
        return counts.keySet().stream().map(k -> k.split("\\|", -1)).filter(k -> k[2].equals(Rule.FILE_NAME.id()))
                .map(k -> k[0]).filter(t -> !ExpectationSuite.TABLES.contains(t)).sorted().toList();
    }

    private static String key(String table, String column, Rule rule) {
        return table + "|" + (column == null ? "" : column) + "|" + rule.id();
    }

    private static String describeFileRule(TableContract table, Rule rule) {
        return switch (rule) {
            case NOT_EMPTY -> table.fileName() + " is not empty and starts with a header line";
            case CSV_SYNTAX -> table.fileName() + " is well-formed CSV";
            case REGULAR_FILE -> table.fileName() + " is a regular file (not a symbolic link)";
            case ENCODING -> table.fileName() + " is valid UTF-8 without NUL bytes";
            case LINE_LENGTH -> "every line of " + table.fileName() + " is within the line length bound";
            case STAGE_FAILED -> "every row of " + table.fileName() + " could be staged";
            case COLUMN_MISSING -> table.fileName() + " has every required column";
            case COLUMN_UNKNOWN -> table.fileName() + " has only contract columns";
            case COLUMN_DUPLICATED -> table.fileName() + " names each column once";
            case FIELD_COUNT -> "every line of " + table.fileName() + " has as many fields as the header";
            default -> table.fileName() + " " + rule.id();
        };
    }

    /** One line naming the first failed rules with file:line, for the run log and the command line. */
    static String summary(List<ExpectationResult> blocking, ExpectationSuite suite) {
        if (blocking.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (ExpectationResult r : blocking.subList(0, Math.min(3, blocking.size()))) {
            String file = suite.fileOf(r.table());
            String where = r.examples().isEmpty() || r.examples().get(0).line() == 0 ? file
                    : file + ":" + r.examples().get(0).line();
            String value = r.examples().isEmpty() || r.examples().get(0).value() == null ? ""
                    : " (value '" + r.examples().get(0).value() + "')";
            parts.add(where + " " + r.id() + " failed" + (r.failures() > 1 ? " " + r.failures() + "x" : "") + value);
        }
        return String.join("; ", parts) + (blocking.size() > 3 ? "; and " + (blocking.size() - 3) + " more" : "");
    }

    /**
     * A digest of what the month says, not of how its files are written: per table, the number of
     * publishable rows and an order-independent sum of row hashes over the typed values. Line endings,
     * a byte-order mark, quoting or column order do not change it; any value does. Where every staged row
     * is publishable, the per-table value was summed at intake (RowDigests); otherwise it is computed here.
     */
    private String contentDigest(long runId, List<ExpectationResult> results, Map<String, RunLog.StagedFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (TableContract table : suite.tables()) {
                Optional<String> summed = ExpectationResult.noStagedRowLeftOut(results, table.name())
                        ? digests.digest(runId, table.name(), files.get(table.name()).rowsStaged()) : Optional.empty();
                if (summed.isPresent()) {
                    sha.update((table.name() + "=" + summed.get() + "\n").getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                String row = "ROW(" + String.join(", ", table.columnNames()) + ")::text";
                String tableDigest = jdbc.queryForObject("SELECT count(*) || ':' || coalesce(sum(('x' || substr(md5("
                        + row + "), 1, 15))::bit(60)::bigint::numeric), 0) FROM (" + table.publishableRowsSql()
                        + ") src", String.class, runId);
                sha.update((table.name() + "=" + tableDigest + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
