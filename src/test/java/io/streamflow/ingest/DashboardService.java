package io.streamflow.ingest;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.main.Main;

/** The service started on a test database with its HTTP server on a free local port, for the dashboard's tests. */
record DashboardService(Main service, String base) implements AutoCloseable {

    static DashboardService start(TestDatabase db, Path work) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> properties = new HashMap<>(db.properties(work));
        properties.put("camel.server.enabled", "true");
        properties.put("camel.server.host", "127.0.0.1");
        properties.put("camel.server.port", String.valueOf(port));
        Main service = Streamflow.application(false, properties);
        service.start();
        return new DashboardService(service, "http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        service.stop();
    }
}
