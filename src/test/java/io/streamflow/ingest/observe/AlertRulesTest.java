package io.streamflow.ingest.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/alerts.yml through Prometheus's own checker and its unit tests (docs/alerts-test.yml). Needs promtool on the
 * PATH (Debian and Ubuntu: apt-get install prometheus); skipped, saying so, where it is not.
 */
class AlertRulesTest {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    @Test
    void theRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "docs/alerts.yml")).contains("SUCCESS: 4 rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        assertThat(promtool("test", "rules", "docs/alerts-test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        assumeTrue(promtool != null, "promtool is not on the PATH: docs/alerts.yml is not checked"
                + " (apt-get install prometheus, or a Prometheus release's promtool)");
        String[] command = new String[args.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool done within a minute").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
