package io.streamflow.ingest.dashboard;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine of the dashboard routes, pinned to the main HTTP server's port. Camel's own
 * engine guesses the port from the only HTTP server in the registry; with the management server running
 * beside it there are two, and it falls back to 8080 whatever camel.server.port says.
 */
public class DashboardHttpEngine extends VertxPlatformHttpEngine {

    private final int port;

    public DashboardHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
