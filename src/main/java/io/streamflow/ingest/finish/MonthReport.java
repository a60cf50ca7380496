package io.streamflow.ingest.finish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;

/**
 * The per-run report under reports/: a Markdown page for people (summary first, then details) and a
 * JSON file with the same content for programs, plus an index of all runs, newest first.
 */
public class MonthReport {

    private final Path reports;
    private final RunLog runLog;
    private final ExpectationSuite suite;

    public MonthReport(Path reports, RunLog runLog, ExpectationSuite suite) {
        this.reports = reports.toAbsolutePath().normalize();
        this.runLog = runLog;
        this.suite = suite;
    }

    /** Writes the run's report and refreshes the index; returns the Markdown page's path. */
    public Path write(MonthVerdict verdict) throws IOException {
        Path dir = reports.resolve(verdict.asOf().toString());
        Files.createDirectories(dir);
        String base = "run-" + verdict.runId() + "-" + verdict.month();
        Path page = dir.resolve(base + ".md");
        writeAtomically(page, markdown(verdict));
        writeAtomically(dir.resolve(base + ".json"), RunLog.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json(verdict)));
        runLog.setReportPath(verdict.runId(), reports.relativize(page).toString());
        writeIndex();
        return page;
    }

    private Map<String, Object> json(MonthVerdict v) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", v.runId());
        doc.put("month", v.month());
        doc.put("as_of", v.asOf().toString());
        doc.put("mode", v.mode());
        doc.put("status", v.status().name());
        doc.put("summary", v.summary());
        doc.put("rows_per_table", v.rowsPerTable());
        doc.put("stage_millis", v.stageMillis());
        doc.put("file_checksums", v.checksums());
        doc.put("expectations", v.results().stream().map(r -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", r.id());
            e.put("description", r.description());
            e.put("result", r.passed() ? "pass" : r.warning() ? "warn" : "fail");
            e.put("observed", r.observed());
            e.put("mostly", r.mostly());
            e.put("failures", r.failures());
            e.put("checked", r.checked());
            e.put("examples", r.examples());
            return e;
        }).toList());
        return doc;
    }

    private String markdown(MonthVerdict v) {
        StringBuilder md = new StringBuilder();
        List<ExpectationResult> failed = v.results().stream().filter(ExpectationResult::blocking).toList();
        List<ExpectationResult> warned = v.results().stream().filter(r -> !r.passed() && r.warning()).toList();
        md.append("# ").append(v.month()).append(" (as_of ").append(v.asOf()).append("): ")
                .append(v.status()).append("\n\n");
        md.append("Run ").append(v.runId()).append(", ").append(v.mode()).append(" mode. ");
        md.append(switch (v.status()) {
            case PUBLISHED -> "Every blocking expectation passed; the month is published.";
            case ALREADY_PUBLISHED -> "The same content was published before; nothing changed.";
            case INCOMPLETE -> "Files were still missing when the month timed out; nothing was published.";
            default -> "The month was refused; the live and snapshot tables are unchanged.";
        }).append("\n\n");
        if (v.summary() != null) {
            md.append("> ").append(v.summary()).append("\n\n");
        }
        md.append("## Summary\n\n");
        md.append("- Expectations: ").append(v.results().size()).append(" checked, ")
                .append(failed.size()).append(" failed, ").append(warned.size()).append(" warned\n");
        md.append('\n');
        if (!failed.isEmpty()) {
            md.append("## Failed expectations\n\n");
            table(md, failed);
        }
        md.append("## Rows per table\n\n| table | file | read | staged | inserted | updated |\n|---|---|---|---|---|---|\n");
        v.rowsPerTable().forEach((table, counts) -> md.append("| ").append(table).append(" | ")
                .append(suite.fileOf(table)).append(" | ").append(counts.getOrDefault("read", 0L)).append(" | ")
                .append(counts.getOrDefault("staged", 0L)).append(" | ").append(count(counts, "inserted"))
                .append(" | ").append(count(counts, "updated")).append(" |\n"));
        md.append('\n');
        if (!warned.isEmpty()) {
            md.append("## Warnings\n\n");
            table(md, warned);
        }
        md.append("## Stage durations (ms)\n\n");
        v.stageMillis().forEach((stage, ms) -> md.append("- ").append(stage).append(": ").append(ms).append('\n'));
        md.append("\n## Files\n\n| file | sha256 |\n|---|---|\n");
        v.checksums().forEach((file, sum) -> md.append("| ").append(file).append(" | `").append(sum).append("` |\n"));
        List<ExpectationResult> withExamples = v.results().stream()
                .filter(r -> !r.passed() && !r.examples().isEmpty()).toList();
        if (!withExamples.isEmpty()) {
            md.append("\n## Failing examples (first ").append(ExpectationResult.MAX_EXAMPLES).append(" per expectation)\n");
            for (ExpectationResult r : withExamples) {
                md.append("\n### ").append(r.id()).append("\n\n").append(r.description()).append("\n\n")
                        .append("| file:line | column | value |\n|---|---|---|\n");
                String file = suite.fileOf(r.table());
                r.examples().forEach(e -> md.append("| ").append(file).append(e.line() > 0 ? ":" + e.line() : "").append(" | ")
                        .append(e.column()).append(" | ").append(e.value() == null ? "" : "`" + cell(e.value()) + "`")
                        .append(" |\n"));
            }
        }
        md.append("\n## All expectations\n\n");
        table(md, v.results());
        return md.toString();
    }

    private static void table(StringBuilder md, List<ExpectationResult> results) {
        md.append("| expectation | description | observed | mostly | failing | result |\n|---|---|---|---|---|---|\n");
        for (ExpectationResult r : results) {
            md.append("| ").append(r.id()).append(" | ").append(cell(r.description())).append(" | ")
                    .append(String.format("%.4f", r.observed())).append(" | ").append(r.mostly()).append(" | ")
                    .append(r.failures()).append(r.examples().isEmpty() ? ""
                            : r.examples().get(0).line() > 0 ? " (line " + r.examples().get(0).line() + ")"
                            : " (" + r.examples().get(0).column() + " " + r.examples().get(0).value() + ")")
                    .append(" | ").append(r.passed() ? "pass" : r.warning() ? "WARN" : "**FAIL**").append(" |\n");
        }
        md.append('\n');
    }

    /** Writes the index of every run again (after a retraction, say). */
    public void refreshIndex() throws IOException {
        writeIndex();
    }

    private void writeIndex() throws IOException {
        StringBuilder md = new StringBuilder("# StreamFlow ingestion runs\n\nNewest first.\n\n"
                + "| run | month | as_of | mode | status | finished | report | summary |\n|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> run : runLog.history(500)) {
            Object report = run.get("report_path");
            md.append("| ").append(run.get("run_id")).append(" | ").append(run.get("month")).append(" | ")
                    .append(run.get("as_of")).append(" | ").append(run.get("mode")).append(" | ")
                    .append(run.get("status")).append(" | ").append(run.get("finished_at") == null ? "" : run.get("finished_at"))
                    .append(" | ").append(report == null ? "" : "[report](" + report + ")").append(" | ")
                    .append(run.get("retracted_at") == null ? "" : "retracted " + run.get("retracted_at") + "; ")
                    .append(cell((String) run.get("error_summary"))).append(" |\n");
        }
        writeAtomically(reports.resolve("index.md"), md.toString());
    }

    private static String count(Map<String, Long> counts, String key) {
        Long value = counts.get(key);
        return value == null ? "-" : value.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
