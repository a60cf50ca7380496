package io.streamflow.ingest.dashboard;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.streamflow.ingest.dashboard.DashboardQueries.AsOfSummary;
import io.streamflow.ingest.dashboard.DashboardQueries.Run;
import io.streamflow.ingest.finish.ReportTemplates;

/**
 * The dashboard page, rendered on the server: headline numbers, the drift of the snapshot tables across
 * as_of as inline SVG charts, and every run of the run log with its row counts, a link to its report and one to the
 * page of its as_of.
 * Self-contained (no script, no external style or font), so it works offline; every value from the
 * database is HTML-escaped.
 */
public class DashboardPage {

    /** Runs shown; the run log holds one row per attempt at a month, so this is years of history. */
    static final int MAX_RUNS = 500;
    private static final int MAX_SUMMARY_CHARS = 240;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private record Series(LineChart chart, Function<AsOfSummary, BigDecimal> value) {
    }

    private static final List<Series> DRIFT = List.of(
            new Series(new LineChart("Churn rate", "#c0392b", 100, " %", 1), AsOfSummary::churnRate),
            new Series(new LineChart("Mean watch hours (30 d)", "#2471a3", 1, " h", 2), AsOfSummary::meanWatchHours),
            new Series(new LineChart("Mean failed payments (90 d)", "#b9770e", 1, "", 3), AsOfSummary::meanFailedPayments),
            new Series(new LineChart("Mean support tickets (90 d)", "#7d3c98", 1, "", 3), AsOfSummary::meanSupportTickets));

    private final DashboardQueries queries;
    private final List<String> tables;
    private final Clock clock;

    /**
     * @param tables the tables of a month, in the order their row counts are shown
     */
    public DashboardPage(DashboardQueries queries, List<String> tables, Clock clock) {
        this.queries = queries;
        this.tables = List.copyOf(tables);
        this.clock = clock;
    }

    public String render() {
        List<AsOfSummary> months = queries.summaries();
        List<Run> runs = queries.runs(MAX_RUNS);
        Map<String, Long> byStatus = queries.runsByStatus();
        StringBuilder html = new StringBuilder(32_768);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>StreamFlow Ingest</title>
                <style>
                """).append(STYLE).append("""
                </style>
                </head>
                <body>
                <header><h1>StreamFlow Ingest</h1>
                <p>Monthly subscriber exports, published as point-in-time snapshots.</p></header>
                """);
        headline(html, months, byStatus);
        drift(html, months);
        runs(html, runs, byStatus.values().stream().mapToLong(Long::longValue).sum());
        html.append("<footer>Rendered ").append(Html.escape(TIME.format(ZonedDateTime.now(clock)))).append(' ')
                .append(Html.escape(clock.getZone().getId()))
                .append(". Views behind this page: <code>snapshot_summary_by_as_of</code>, <code>ingestion_runs</code>."
                        + "</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void headline(StringBuilder html, List<AsOfSummary> months, Map<String, Long> byStatus) {
        AsOfSummary latest = months.isEmpty() ? null : months.get(months.size() - 1);
        long refused = byStatus.getOrDefault("REJECTED", 0L) + byStatus.getOrDefault("INCOMPLETE", 0L);
        long open = byStatus.getOrDefault("STAGING", 0L) + byStatus.getOrDefault("VALIDATING", 0L);
        long runs = byStatus.values().stream().mapToLong(Long::longValue).sum();
        html.append("<section class=\"cards\">");
        card(html, "Latest as_of", latest == null ? "none yet" : latest.asOf().toString(),
                months.size() + (months.size() == 1 ? " month" : " months") + " in the snapshots");
        card(html, "Subscribers", latest == null ? "-" : String.valueOf(latest.users()),
                latest == null ? "" : "at " + latest.asOf());
        long retracted = byStatus.getOrDefault("RETRACTED", 0L);
        card(html, "Runs", String.valueOf(runs), byStatus.getOrDefault("PUBLISHED", 0L) + " published"
                + (retracted > 0 ? ", " + retracted + " retracted" : ""));
        card(html, "Refused / open", refused + " / " + open, "rejected or incomplete / in progress");
        html.append("</section>\n");
    }

    private static void card(StringBuilder html, String label, String value, String detail) {
        html.append("<div class=\"card\"><div class=\"label\">").append(Html.escape(label))
                .append("</div><div class=\"number\">").append(Html.escape(value))
                .append("</div><div class=\"detail\">").append(Html.escape(detail)).append("</div></div>");
    }

    private static void drift(StringBuilder html, List<AsOfSummary> months) {
        html.append("<section><h2>Drift across as_of</h2><div class=\"charts\">\n");
        for (Series series : DRIFT) {
            List<LineChart.Point> points = new ArrayList<>();
            for (AsOfSummary month : months) {
                BigDecimal value = series.value().apply(month);
                if (value != null) {
                    points.add(new LineChart.Point(month.asOf(), value.doubleValue()));
                }
            }
            html.append("<figure><figcaption><span class=\"title\">")
                    .append(Html.escape(series.chart().label()))
                    .append("</span>");
            if (!points.isEmpty()) {
                LineChart.Point last = points.get(points.size() - 1);
                html.append("<span class=\"latest\">").append(Html.escape(series.chart().value(last.value())))
                        .append(" at ").append(last.asOf());
                if (points.size() > 1) {
                    LineChart.Point before = points.get(points.size() - 2);
                    html.append(" (").append(Html.escape(series.chart().value(before.value()))).append(" at ")
                            .append(before.asOf()).append(')');
                }
                html.append("</span>");
            }
            html.append("</figcaption>").append(series.chart().svg(points)).append("</figure>\n");
        }
        html.append("</div><p class=\"note\">One point per as_of, from the view <code>snapshot_summary_by_as_of</code>. "
                + "Churn rate: share of each as_of's subscribers labelled churned in the <code>labels</code> table. "
                + "Labels are not snapshotted, so every as_of is measured against the labels of the latest "
                + "published month: this line moves with who was subscribed, not with later label changes.</p>"
                + "</section>\n");
    }

    private void runs(StringBuilder html, List<Run> runs, long total) {
        html.append("<section><h2>Runs</h2>");
        if (total > runs.size()) {
            html.append("<p class=\"note\">Newest ").append(runs.size()).append(" of ").append(total)
                    .append(" runs.</p>");
        }
        if (runs.isEmpty()) {
            html.append("<p>No run yet: drop a month folder into the inbox or run <code>ingest</code>.</p></section>\n");
            return;
        }
        html.append("<table class=\"runs\"><thead><tr><th>Run</th><th>Month</th><th>as_of</th><th>Status</th>"
                + "<th>Mode</th>");
        for (String table : tables) {
            html.append("<th class=\"num\" title=\"rows staged from ").append(Html.escape(table)).append("\">")
                    .append(Html.escape(shortName(table))).append("</th>");
        }
        html.append("<th>Started (").append(Html.escape(clock.getZone().getId())).append(")</th><th class=\"num\">"
                + "Duration</th><th>Report</th></tr></thead>\n<tbody>\n");
        int columns = 8 + tables.size();
        for (Run run : runs) {
            String status = run.status() == null ? "" : run.status();
            html.append("<tr class=\"run\"><td class=\"num\">").append(run.runId()).append("</td><td>")
                    .append(Html.escape(run.month())).append("</td><td><a href=\"")
                    .append(Html.escape(ReportLinks.month(run.asOf()))).append("\">").append(Html.escape(run.asOf()))
                    .append("</a></td><td><span class=\"status ").append(Html.escape(status.toLowerCase()))
                    .append("\">").append(Html.escape(status)).append("</span></td><td>")
                    .append(Html.escape(run.mode())).append("</td>");
            for (String table : tables) {
                rowCount(html, run.rowsPerTable().get(table));
            }
            html.append("<td>").append(run.startedAt() == null ? "" : Html.escape(time(run.startedAt())))
                    .append("</td><td class=\"num\">").append(Html.escape(duration(run))).append("</td><td>");
            reportLinks(html, run.reportPath());
            html.append("</td></tr>\n");
            if (run.errorSummary() != null && !run.errorSummary().isBlank()) {
                String summary = run.errorSummary();
                String shown = summary.length() > MAX_SUMMARY_CHARS
                        ? summary.substring(0, MAX_SUMMARY_CHARS) + "..." : summary;
                html.append("<tr class=\"summary\"><td></td><td colspan=\"").append(columns - 1).append("\" title=\"")
                        .append(Html.escape(summary)).append("\">").append(Html.escape(shown)).append("</td></tr>\n");
            }
        }
        html.append("</tbody></table></section>\n");
    }

    private static void rowCount(StringBuilder html, Map<String, Long> counts) {
        if (counts == null || counts.get("staged") == null) {
            html.append("<td class=\"num muted\">-</td>");
            return;
        }
        long staged = counts.get("staged");
        Long read = counts.get("read");
        String title = counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        html.append("<td class=\"num").append(read != null && read != staged ? " warn" : "").append("\" title=\"")
                .append(Html.escape(title)).append("\">").append(staged);
        if (read != null && read != staged) {
            html.append(" / ").append(read);
        }
        html.append("</td>");
    }

    private static void reportLinks(StringBuilder html, String reportPath) {
        String report = ReportLinks.report("", reportPath);
        if (!report.isEmpty()) {
            html.append("<a href=\"").append(Html.escape(report)).append("\">report</a>");
        }
        if (!ReportLinks.json(report).isEmpty()) {
            html.append(" <a class=\"muted\" href=\"").append(Html.escape(ReportLinks.json(report))).append("\">json</a>");
        }
    }

    private String time(OffsetDateTime at) {
        return TIME.format(at.atZoneSameInstant(clock.getZone()));
    }

    private String duration(Run run) {
        if (run.startedAt() == null) {
            return "";
        }
        if (run.finishedAt() == null) {
            return "running " + format(Duration.between(run.startedAt(), OffsetDateTime.now(clock)));
        }
        return format(Duration.between(run.startedAt(), run.finishedAt()));
    }

    static String format(Duration duration) {
        return ReportTemplates.duration(duration);
    }

    /** usage_agg_30d -> usage: the window is in the column names already. */
    static String shortName(String table) {
        return table.replaceFirst("_agg_\\d+d$", "");
    }

    private static final String STYLE = """
            :root { color-scheme: light; --ink: #1c2833; --muted: #6b7785; --line: #d5dbe1; --bg: #f6f8fa; }
            * { box-sizing: border-box; }
            body { margin: 0; padding: 24px 32px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI",
                   Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
            header h1 { margin: 0; font-size: 24px; }
            header p, .note, footer { color: var(--muted); }
            header p { margin: 4px 0 16px; }
            h2 { font-size: 17px; margin: 24px 0 10px; }
            code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
            .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
            .card { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
            .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .card .number { font-size: 22px; font-weight: 600; margin-top: 2px; }
            .card .detail { color: var(--muted); font-size: 12px; }
            .charts { display: grid; grid-template-columns: repeat(2, 1fr); gap: 12px 20px; }
            figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 4px; }
            figcaption { display: flex; justify-content: space-between; gap: 8px; }
            figcaption .title { font-weight: 600; }
            figcaption .latest { color: var(--muted); font-size: 12px; }
            svg.chart { width: 100%; height: auto; display: block; }
            svg .grid { stroke: #e5e8eb; stroke-width: 1; }
            svg .tick { fill: var(--muted); font-size: 11px; }
            svg .value { fill: var(--ink); font-size: 12px; font-weight: 600; }
            svg .line { stroke-width: 2.5; }
            svg .empty { fill: var(--muted); font-size: 13px; }
            table.runs { border-collapse: collapse; width: 100%; font-size: 13px; }
            table.runs th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line);
                            padding: 6px 8px; white-space: nowrap; }
            table.runs th.num { text-align: right; }
            table.runs td { padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
            table.runs tr.summary td { color: #922b21; white-space: normal; font-size: 12px; padding-top: 0; }
            table.runs tr.run:has(+ tr.summary) td { border-bottom: none; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            .muted { color: var(--muted); }
            .warn { color: #b9770e; font-weight: 600; }
            a { color: #1f618d; }
            .status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
                      background: #eaecee; color: #424949; }
            .status.published { background: #d4efdf; color: #1e8449; }
            .status.already_published { background: #e8f6f3; color: #117864; }
            .status.rejected { background: #fadbd8; color: #922b21; }
            .status.incomplete { background: #fdebd0; color: #9c640c; }
            .status.restated, .status.retracted { background: #eaecee; color: #566573; }
            .status.staging, .status.validating { background: #d6eaf8; color: #1f618d; }
            footer { margin-top: 28px; font-size: 12px; }
            """;
}
