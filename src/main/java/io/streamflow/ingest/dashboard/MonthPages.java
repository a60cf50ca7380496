package io.streamflow.ingest.dashboard;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.streamflow.ingest.finish.MonthProfile;
import io.streamflow.ingest.finish.MonthProfiles;
import io.streamflow.ingest.finish.ReportFolder;
import io.streamflow.ingest.finish.ReportTemplates;
import org.apache.camel.Header;

/**
 * The data of the dashboard's page of one as_of ({@code GET /months/AS_OF}, rendered by the freemarker component with
 * {@code templates/month-page.ftlh}): the runs of the as_of with links to their reports and, when it is published, the
 * profile of its snapshot rows against the newest month published before it, computed in SQL when asked.
 */
public class MonthPages {

    public static final String AS_OF = "asOf";

    private final DashboardQueries queries;
    private final MonthProfiles profiles;
    private final ReportTemplates templates;

    public MonthPages(DashboardQueries queries, MonthProfiles profiles, ReportTemplates templates) {
        this.queries = queries;
        this.profiles = profiles;
        this.templates = templates;
    }

    /** The page's data for the as_of of the request; null when it names no date with a run (the route answers 404). */
    public Map<String, Object> model(@Header(AS_OF) String asOf) {
        LocalDate date = date(asOf);
        List<DashboardQueries.Run> runs = date == null ? List.of() : queries.runsOf(date);
        if (runs.isEmpty()) {
            return null;
        }
        Optional<MonthProfile> profile = profiles.published(date);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("asOf", date.toString());
        page.put("runs", runs.stream().map(run -> {
            Map<String, Object> row = new LinkedHashMap<>();
            String report = ReportLinks.report("../", run.reportPath());
            row.put("runId", run.runId());
            row.put("month", run.month());
            row.put("status", run.status());
            row.put("started", templates.time(run.startedAt()));
            row.put("finished", templates.time(run.finishedAt()));
            row.put("report", report);
            row.put("json", ReportLinks.json(report));
            row.put("summary", run.errorSummary() == null ? "" : run.errorSummary());
            return row;
        }).toList());
        profile.ifPresent(p -> {
            page.put("profile", p);
            page.put("drifted", p.drifted());
        });
        page.put("written", templates.now());
        return page;
    }

    private static LocalDate date(String asOf) {
        if (asOf == null || !ReportFolder.AS_OF.matcher(asOf).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(asOf);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
