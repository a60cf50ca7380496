package io.streamflow.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.observe.FoldersHealthCheck;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * The ingest command writes reports: a folder it cannot write would fail each month after its publish and leave the
 * command waiting. Checked before anything starts (no database asked yet); the message names the folder with its
 * path, owner and mode, and the command exits 2.
 */
final class ReportsFolderCheck extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport configuring) {
        Path reports = Path.of(configuring.getCamelContext().getPropertiesComponent().resolveProperty("streamflow.reports")
                .map(String::trim).orElse("reports"));
        List<String> unwritable = FoldersHealthCheck.unwritable(Map.of("reports", reports));
        if (!unwritable.isEmpty()) {
            throw new IllegalStateException("the reports folder cannot be written: " + unwritable.get(0));
        }
    }
}
