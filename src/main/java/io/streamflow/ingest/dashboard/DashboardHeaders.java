package io.streamflow.ingest.dashboard;

import org.apache.camel.Message;

/**
 * The headers every response of the dashboard carries, pages and report files alike (the last step of each route in
 * routes/dashboard.yaml): not cached, no content sniffing, and a content security policy that lets a page use its
 * inline style and data: images, and nothing else (no script, no request to anywhere).
 */
public class DashboardHeaders {

    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /** Sets the headers on the response. */
    public void apply(Message response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
