package io.streamflow.ingest.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.ExpectationResult;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the intake found wrong in a run's files (staging_errors), counted per table, column and rule, with the first
 * failing lines of each: turned into the file and row expectations of the gate.
 */
final class Findings {

    /** Rules recorded at intake that concern the file as a whole (its name, bytes, syntax, header), not a column. */
    static final List<Rule> FILE_RULES = List.of(Rule.FILE_NAME, Rule.REGULAR_FILE, Rule.NOT_EMPTY, Rule.CSV_SYNTAX,
            Rule.ENCODING, Rule.LINE_LENGTH, Rule.STAGE_FAILED, Rule.COLUMN_MISSING, Rule.COLUMN_UNKNOWN,
            Rule.COLUMN_DUPLICATED, Rule.FIELD_COUNT);

    /** Where a finding is: a file rule has no column. */
    record Key(String table, String column, Rule rule) {
        static Key of(String table, String column, Rule rule) {
            return new Key(table, FILE_RULES.contains(rule) || column == null ? "" : column, rule);
        }
    }

    private final Map<Key, Long> counts;
    private final Map<Key, List<ExpectationResult.Example>> examples;

    private Findings(Map<Key, Long> counts, Map<Key, List<ExpectationResult.Example>> examples) {
        this.counts = counts;
        this.examples = examples;
    }

    /** The run's findings: counts, and up to {@value ExpectationResult#MAX_EXAMPLES} lines each, in line order. */
    static Findings read(JdbcTemplate jdbc, long runId) {
        Map<Key, Long> counts = new HashMap<>();
        jdbc.query("SELECT table_name, column_name, rule, count(*) FROM staging_errors WHERE run_id = ? GROUP BY 1, 2, 3",
                rs -> {
                    counts.merge(Key.of(rs.getString(1), rs.getString(2), Rule.ofId(rs.getString(3))), rs.getLong(4),
                            Long::sum);
                }, runId);
        Map<Key, List<ExpectationResult.Example>> examples = new HashMap<>();
        jdbc.query("SELECT table_name, rule, line_no, column_name, value FROM ("
                + "SELECT *, row_number() OVER (PARTITION BY table_name, column_name, rule ORDER BY line_no) AS nth "
                + "FROM staging_errors WHERE run_id = ?) e WHERE nth <= " + ExpectationResult.MAX_EXAMPLES
                + " ORDER BY table_name, rule, line_no", rs -> {
                    examples.computeIfAbsent(Key.of(rs.getString(1), rs.getString(4), Rule.ofId(rs.getString(2))),
                            k -> new ArrayList<>())
                            .add(new ExpectationResult.Example(rs.getInt(3), rs.getString(4), rs.getString(5)));
                }, runId);
        return new Findings(counts, examples);
    }

    /** Whether the file's rows could be read: no file rule failed but, at most, a line's field count. */
    boolean readable(TableContract table) {
        return FILE_RULES.stream().noneMatch(rule -> rule != Rule.FIELD_COUNT
                && counts.containsKey(Key.of(table.name(), null, rule)));
    }

    /** Files that feed no table of the contract (their name is the "table" they were recorded under). */
    List<String> unexpectedFiles(ExpectationSuite suite) {
        return counts.keySet().stream().filter(k -> k.rule() == Rule.FILE_NAME)
                .map(Key::table).filter(t -> !suite.hasTable(t)).distinct().sorted().toList();
    }

    ExpectationResult unexpectedFile(String name) {
        return fileResult(name, Rule.FILE_NAME, "only the six contract files belong in a month folder");
    }

    /** The file rules that failed for a table. */
    List<ExpectationResult> fileResults(TableContract table) {
        List<ExpectationResult> results = new ArrayList<>();
        for (Rule rule : FILE_RULES) {
            if (counts.containsKey(Key.of(table.name(), null, rule))) {
                results.add(fileResult(table.name(), rule, describeFileRule(table, rule)));
            }
        }
        return results;
    }

    /** Every row rule of every column of a readable table, passed or not, against its mostly. */
    List<ExpectationResult> rowResults(TableContract table, long read) {
        List<ExpectationResult> results = new ArrayList<>();
        for (Column column : table.columns()) {
            for (Rule rule : column.rules()) {
                Key key = Key.of(table.name(), column.name(), rule);
                long failures = counts.getOrDefault(key, 0L);
                double observed = read == 0 ? 1.0 : (double) (read - failures) / read;
                results.add(new ExpectationResult(table.name(), column.name(), rule.id(), column.describe(rule),
                        failures, read, column.mostly(), failures == 0 || observed >= column.mostly(), false,
                        examples.getOrDefault(key, List.of())));
            }
        }
        return results;
    }

    private ExpectationResult fileResult(String table, Rule rule, String description) {
        Key key = Key.of(table, null, rule);
        long failures = counts.getOrDefault(key, 0L);
        return new ExpectationResult(table, "", rule.id(), description, failures, failures, 1.0, false, false,
                examples.getOrDefault(key, List.of()));
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
}
