package io.streamflow.ingest.finish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.MonthVerdict;
import io.streamflow.ingest.run.RunLog;

/**
 * The per-run report under the database's reports folder ({@link ReportFolder}): an HTML page for people
 * ({@code templates/month-report.ftlh}: the summary first, then only what failed or warned, how to resubmit a refused
 * month, the drift and the profile of every column; what passed folded away) and a JSON file with the same content
 * for programs, plus an index of all runs of the database, newest first ({@code templates/index.ftlh}).
 */
public class MonthReport {

    /** Runs the index lists; the run log holds one row per attempt at a month, so this is years of history. */
    static final int INDEXED_RUNS = 500;

    private final ReportFolder folder;
    private final RunLog runLog;
    private final ExpectationSuite suite;
    private final ReportTemplates templates;
    private final MonthFolder monthFolder;
    private final ObjectMapper json = RunLog.JSON.copy().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** @param monthFolder where a refused month's files are kept and the inbox to drop it again into */
    public MonthReport(ReportFolder folder, RunLog runLog, ExpectationSuite suite, ReportTemplates templates,
                       MonthFolder monthFolder) {
        this.folder = folder;
        this.runLog = runLog;
        this.suite = suite;
        this.templates = templates;
        this.monthFolder = monthFolder;
    }

    /** Writes the run's report and its JSON, records the page in the run log and refreshes the index; returns the page. */
    public Path write(MonthVerdict verdict, MonthProfile profile) throws IOException {
        Path page = folder.page(verdict.asOf(), verdict.runId(), verdict.month());
        Path data = ReportFolder.json(page);
        ReportModel.Resubmit resubmit = verdict.status().published() ? null : ReportModel.Resubmit.of(verdict, suite,
                monthFolder.inbox(), monthFolder.decidedFolder(verdict.status(), verdict.month(), verdict.runId()));
        ReportModel model = new ReportModel(verdict, profile, runLog.times(verdict.runId()), templates.now(),
                folder.database(), resubmit, data.getFileName().toString(), suite, templates);
        ReportFolder.writeAtomically(page, templates.render("month-report.ftlh", model.page()));
        ReportFolder.writeAtomically(data, json.writeValueAsString(model.json()));
        runLog.setReportPath(verdict.runId(), folder.relative(page));
        writeIndex();
        return page;
    }

    /** Writes the index of every run again (after a retraction, say). */
    public void refreshIndex() throws IOException {
        writeIndex();
    }

    private void writeIndex() throws IOException {
        Path index = folder.index();
        List<Map<String, Object>> runs = runLog.history(INDEXED_RUNS).stream().map(run -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("runId", run.runId());
            row.put("month", run.month());
            row.put("asOf", run.asOf().toString());
            row.put("mode", run.mode());
            row.put("status", run.status());
            row.put("started", templates.time(run.started()));
            row.put("finished", templates.time(run.finished()));
            row.put("retracted", templates.time(run.retracted()));
            row.put("summary", run.errorSummary() == null ? "" : run.errorSummary());
            // links relative to the index, so that the folder can be opened from disk or served as it is
            String report = run.reportPath() == null ? ""
                    : index.getParent().relativize(folder.root().resolve(run.reportPath())).toString().replace('\\', '/');
            row.put("report", report);
            row.put("json", report.endsWith(".html") ? report.substring(0, report.length() - 5) + ".json" : "");
            return row;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("database", folder.database());
        body.put("written", templates.now());
        body.put("runs", runs);
        body.put("limit", INDEXED_RUNS);
        ReportFolder.writeAtomically(index, templates.render("index.ftlh", body));
    }
}
