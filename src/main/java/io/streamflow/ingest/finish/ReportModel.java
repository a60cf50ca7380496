package io.streamflow.ingest.finish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;

/**
 * What a run's report says, once, for both its forms: the page's data ({@link #page}, rendered by
 * {@code templates/month-report.ftlh}) and the JSON document ({@link #json}).
 *
 * @param times    when the run was opened and decided
 * @param written  when the report is written, as reports show times
 * @param resubmit for a refused month, how to send it again; null for a published one
 * @param jsonName the file name of the JSON beside the page
 */
record ReportModel(MonthVerdict verdict, MonthProfile profile, RunLog.RunTimes times, String written, String database,
                   Resubmit resubmit, String jsonName, ExpectationSuite suite, ReportTemplates templates) {

    /** An expectation as the report lists it: where (file, and per example line, column and value) and what. */
    public record Expectation(String id, String file, String column, String rule, String description, double observed,
                       double mostly, long failures, long checked, String result, List<Example> examples) {
    }

    /** A failing example: file line (null for the file as a whole), column and the value as written. */
    public record Example(String file, Integer line, String column, String value) {
    }

    /**
     * How a refused month is sent again: the files to fix, the inbox to drop the whole folder into (and where the
     * service kept the refused files), and whether the month's as_of is published with other content (then only a
     * restatement replaces it).
     */
    public record Resubmit(String month, List<String> files, String inbox, String keptIn, boolean restate) {

        static Resubmit of(MonthVerdict verdict, ExpectationSuite suite, Path inbox, Path keptIn) {
            Set<String> files = new LinkedHashSet<>();
            boolean restate = false;
            for (ExpectationResult r : verdict.results()) {
                if (r.blocking()) {
                    restate |= r.rule().equals(Rule.ALREADY_PUBLISHED.id());
                    if (!r.table().equals("month")) {
                        files.add(suite.fileOf(r.table()));
                    }
                }
            }
            return new Resubmit(verdict.month(), List.copyOf(files), inbox.toString(),
                    "service".equals(verdict.mode()) ? keptIn.toString() : null, restate);
        }
    }

    List<Expectation> expectations(String result) {
        return verdict.results().stream().filter(r -> result(r).equals(result)).map(this::expectation).toList();
    }

    private Expectation expectation(ExpectationResult r) {
        String file = suite.fileOf(r.table());
        List<Example> examples = r.examples().stream()
                .map(e -> new Example(file, e.line() > 0 ? e.line() : null, e.column(), e.value())).toList();
        return new Expectation(r.id(), file, r.column(), r.rule(), r.description(), r.observed(), r.mostly(),
                r.failures(), r.checked(), result(r), examples);
    }

    private static String result(ExpectationResult r) {
        return r.passed() ? "pass" : r.warning() ? "warn" : "fail";
    }

    /** The decision in one sentence. */
    String decision() {
        long failed = verdict.results().stream().filter(ExpectationResult::blocking).count();
        return switch (verdict.status()) {
            case PUBLISHED -> "Published: every blocking expectation passed, and the snapshot tables hold the month at "
                    + "as_of " + verdict.asOf() + ".";
            case ALREADY_PUBLISHED -> "Already published: the same content was published before, and nothing changed.";
            case INCOMPLETE -> "Incomplete: files were still missing when the month timed out; nothing was published, "
                    + "the live and snapshot tables are unchanged.";
            default -> "Refused: " + failed + (failed == 1 ? " expectation" : " expectations")
                    + " failed; nothing was published, the live and snapshot tables are unchanged.";
        };
    }

    /** The rows of each table: read and staged, and what the publish wrote; "-" where a count does not apply. */
    List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        verdict.rowsPerTable().forEach((table, counts) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table", table);
            row.put("file", suite.fileOf(table));
            for (String count : List.of("read", "staged", "inserted", "updated", "snapshot")) {
                row.put(count, counts.containsKey(count) ? counts.get(count).toString() : "-");
            }
            rows.add(row);
        });
        return rows;
    }

    String duration() {
        return times.started() == null || times.finished() == null ? ""
                : ReportTemplates.duration(Duration.between(times.started(), times.finished()));
    }

    /** The data of templates/month-report.ftlh. */
    Map<String, Object> page() {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("runId", verdict.runId());
        page.put("month", verdict.month());
        page.put("asOf", verdict.asOf().toString());
        page.put("mode", verdict.mode());
        page.put("status", verdict.status().name());
        page.put("refused", !verdict.status().published());
        page.put("database", database);
        page.put("decision", decision());
        page.put("summary", verdict.summary());
        page.put("started", templates.time(times.started()));
        page.put("finished", templates.time(times.finished()));
        page.put("written", written);
        page.put("duration", duration());
        page.put("rows", rows());
        page.put("failed", expectations("fail"));
        page.put("warned", expectations("warn"));
        page.put("passed", expectations("pass"));
        page.put("resubmit", resubmit);
        page.put("profile", profile);
        page.put("drifted", profile.drifted());
        page.put("stages", verdict.stageMillis());
        page.put("checksums", verdict.checksums());
        page.put("jsonName", jsonName);
        return page;
    }

    /** The JSON document: the run as the run log has it, every expectation, the profile, times with their offset. */
    Map<String, Object> json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", verdict.runId());
        doc.put("month", verdict.month());
        doc.put("as_of", verdict.asOf().toString());
        doc.put("mode", verdict.mode());
        doc.put("status", verdict.status().name());
        doc.put("database", database);
        doc.put("decision", decision());
        doc.put("summary", verdict.summary());
        doc.put("started_at", templates.time(times.started()));
        doc.put("finished_at", times.finished() == null ? null : templates.time(times.finished()));
        doc.put("written_at", written);
        doc.put("duration_millis", times.started() == null || times.finished() == null ? null
                : Duration.between(times.started(), times.finished()).toMillis());
        doc.put("rows_per_table", verdict.rowsPerTable());
        doc.put("stage_millis", verdict.stageMillis());
        doc.put("file_checksums", verdict.checksums());
        doc.put("expectations", verdict.results().stream().map(r -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", r.id());
            e.put("file", suite.fileOf(r.table()));
            e.put("description", r.description());
            e.put("result", result(r));
            e.put("observed", r.observed());
            e.put("mostly", r.mostly());
            e.put("failures", r.failures());
            e.put("checked", r.checked());
            e.put("examples", r.examples());
            return e;
        }).toList());
        doc.put("resubmit", resubmit);
        doc.put("drift_warnings", profile.drifted());
        doc.put("profile", profile);
        return doc;
    }
}
