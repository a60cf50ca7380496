package io.streamflow.ingest.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersHealthCheckTest {

    @TempDir
    Path work;

    private final Map<String, Path> folders = new LinkedHashMap<>();

    @BeforeEach
    void folders() throws IOException {
        for (String name : new String[] {"inbox", "staged", "archive", "failed", "reports"}) {
            folders.put(name, Files.createDirectories(work.resolve(name)));
        }
        folders.put("cluster", work.resolve("not-yet/cluster")); // missing: created on first use
    }

    @Test
    void upWhenEveryFolderIsWritableOrCanBeCreated() {
        HealthCheck.Result result = call(new FoldersHealthCheck(folders));
        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getCheck().isReadiness()).isTrue();
        assertThat(result.getCheck().isLiveness()).isFalse();
    }

    @Test
    void downNamingEachFolderThatIsNotOne() throws IOException {
        Files.delete(folders.get("staged"));
        Files.writeString(folders.get("staged"), "a file where a folder should be");
        Files.delete(folders.get("reports"));
        Files.writeString(folders.get("reports"), "");

        HealthCheck.Result result = call(new FoldersHealthCheck(folders));

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValue("not writable: staged, reports");
        assertThat(result.getDetails()).containsEntry("staged", folders.get("staged").toAbsolutePath() + ": not a folder")
                .containsEntry("reports", folders.get("reports").toAbsolutePath() + ": not a folder")
                .doesNotContainKeys("inbox", "archive", "failed", "cluster");
        assertThat(FoldersHealthCheck.unwritable(folders)).containsExactly(
                "staged (" + folders.get("staged").toAbsolutePath() + ": not a folder)",
                "reports (" + folders.get("reports").toAbsolutePath() + ": not a folder)");
    }

    @Test
    void downWhenAMissingFolderCannotBeCreated() throws IOException {
        Path file = Files.writeString(work.resolve("plain-file"), "");
        folders.put("failed", file.resolve("failed"));
        assertThat(FoldersHealthCheck.unwritable(folders)).singleElement().asString()
                .startsWith("failed (" + file.resolve("failed") + ": missing, and " + file + " is not a folder");
    }

    @Test
    void downNamingAFolderOwnedByAnotherUserWithItsOwnerAndMode() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes in any folder: nothing to refuse");
        Files.setPosixFilePermissions(folders.get("inbox"), PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThat(FoldersHealthCheck.unwritable(folders)).singleElement().asString()
                    .startsWith("inbox (" + folders.get("inbox").toAbsolutePath() + ": not writable, owner ")
                    .endsWith("r-xr-xr-x)");
        } finally {
            Files.setPosixFilePermissions(folders.get("inbox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static HealthCheck.Result call(FoldersHealthCheck check) {
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }
}
