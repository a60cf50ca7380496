package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarLauncherTest {

    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path tmp;

    @Test
    void aLargeIngestGetsC2ForItsHottestMethodsAndEverythingElseC1Only() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("month_000"));
        Files.writeString(small.resolve("users.csv"), "user_id\n");
        Path large = Files.createDirectories(tmp.resolve("month_001"));
        try (RandomAccessFile file = new RandomAccessFile(large.resolve("users.csv").toFile(), "rw")) {
            file.setLength(JarLauncher.LARGE_INGEST_BYTES + 1); // sparse: its size, not its blocks, counts
        }

        assertThat(JarLauncher.compiler(new String[] {"ingest", small.toString()})).containsExactly(C1_ONLY);
        assertThat(JarLauncher.compiler(new String[] {"ingest", "--restate", small.toString(), large.toString()}))
                .doesNotContain(C1_ONLY).contains("-XX:Tier4InvocationThreshold=40000");
        assertThat(JarLauncher.compiler(new String[] {"ingest", tmp.resolve("missing").toString()}))
                .containsExactly(C1_ONLY);
        assertThat(JarLauncher.compiler(new String[] {"training-set", large.toString()})).containsExactly(C1_ONLY);
        assertThat(JarLauncher.compiler(new String[] {})).containsExactly(C1_ONLY);
    }
}
