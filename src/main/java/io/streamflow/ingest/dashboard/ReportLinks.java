package io.streamflow.ingest.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Links from the dashboard's pages to what the run log names: a run's report and its JSON (served under
 * {@code /reports/} + the run log's report_path), and the page of an as_of ({@code /months/AS_OF}). Relative, so that
 * the pages also work under a context path (camel.server.path); each path segment URL-encoded.
 */
final class ReportLinks {

    private ReportLinks() {
    }

    /** The report of a run, from a page at {@code base} ("" for /, "../" for /months/AS_OF); empty without one. */
    static String report(String base, String reportPath) {
        if (reportPath == null || reportPath.isBlank()) {
            return "";
        }
        return base + "reports/" + Arrays.stream(reportPath.split("/"))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    /** The JSON beside an HTML report link; empty for any other link. */
    static String json(String reportLink) {
        return reportLink.endsWith(".html") ? reportLink.substring(0, reportLink.length() - ".html".length()) + ".json"
                : "";
    }

    /** The page of an as_of, from the dashboard's main page. */
    static String month(Object asOf) {
        return "months/" + URLEncoder.encode(String.valueOf(asOf), StandardCharsets.UTF_8);
    }
}
