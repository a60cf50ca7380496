package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker-compose.yml, .env and the Dockerfile, read as files (no Docker engine needed): what must hold
 * for the stack to be safe and to start in order.
 */
class DeploymentFilesTest {

    private static final Pattern PINNED = Pattern.compile("[\\w./-]+:(\\d+(\\.\\d+)+[\\w.-]*|[\\w.-]*\\d+\\.\\d+[\\w.-]*)");
    private static final List<String> CREDENTIALS = List.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB");

    private static String composeText;
    private static Map<String, Object> compose;
    private static Map<String, String> dotEnv;
    private static List<String> dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        composeText = Files.readString(Path.of("docker-compose.yml"), StandardCharsets.UTF_8);
        compose = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(composeText);
        dotEnv = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(".env"), StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                dotEnv.put(trimmed.substring(0, trimmed.indexOf('=')).trim(), trimmed.substring(trimmed.indexOf('=') + 1).trim());
            }
        }
        dockerfile = Files.readAllLines(Path.of("Dockerfile"), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).as("services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String name) {
        return (Map<String, Object>) service(name).get("environment");
    }

    @Test
    void imagesArePinnedToAVersionTagNeverLatest() {
        assertThat((String) service("postgres").get("image")).startsWith("postgres:16.").matches(PINNED);
        List<String> from = dockerfile.stream().map(String::trim).filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).as("multi-stage: build and runtime").hasSize(2);
        assertThat(from.get(0)).contains("maven:3.9.").contains("17").endsWith(" AS build");
        assertThat(from.get(1)).contains("eclipse-temurin:17.").contains("jre");
        for (String line : from) {
            String image = line.split("\\s+")[1];
            assertThat(image).as(line).matches(PINNED).doesNotEndWith(":latest");
        }
        assertThat(composeText).doesNotContain(":latest");
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedPortsListenOnLocalhostOnly() {
        for (String name : List.of("postgres", "streamflow")) {
            List<Object> ports = (List<Object>) service(name).getOrDefault("ports", List.of());
            for (Object port : ports) {
                assertThat(String.valueOf(port)).as(name + " port").startsWith("127.0.0.1:");
            }
        }
        assertThat((List<Object>) service("streamflow").get("ports")).map(String::valueOf)
                .contains("127.0.0.1:9876:9876", "127.0.0.1:8080:8080");
        // inside the container the management server listens on all interfaces, so the published port reaches it
        assertThat(environment("streamflow")).containsEntry("STREAMFLOW_MANAGEMENT_HOST", "0.0.0.0")
                .containsEntry("STREAMFLOW_MANAGEMENT_PORT", "9876");
    }

    @Test
    @SuppressWarnings("unchecked")
    void bothServicesHaveHealthChecksAndTheServiceWaitsForAHealthyDatabase() throws IOException {
        Map<String, Object> postgres = (Map<String, Object>) service("postgres").get("healthcheck");
        // the real server, over TCP: not the first start's temporary server on the Unix socket
        assertThat(String.valueOf(postgres.get("test"))).contains("pg_isready -h 127.0.0.1 -p 5432");
        Map<String, Object> dependsOn = (Map<String, Object>) service("streamflow").get("depends_on");
        assertThat((Map<String, Object>) dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
        // the service's is the image's, for `up` and for one-off `run` containers alike
        assertThat(service("streamflow")).doesNotContainKey("healthcheck");
        assertThat(dockerfile).anyMatch(l -> l.trim().equals("CMD [\"/usr/local/bin/streamflow-healthcheck\"]"))
                .anyMatch(l -> l.equals("COPY docker/healthcheck /usr/local/bin/streamflow-healthcheck"));
        assertThat(Files.readString(Path.of("docker/healthcheck"))).contains("http://127.0.0.1:${STREAMFLOW_MANAGEMENT_PORT:-9876}/observe/health");
    }

    @Test
    void aOneOffCommandContainerIsHealthyWhileTheServiceAsksItsHealthEndpoint(@TempDir Path work) throws Exception {
        Path ingest = Files.write(work.resolve("ingest"),
                "java\0-jar\0/app/streamflow.jar\0ingest\0/app/seeds/month_000\0".getBytes(StandardCharsets.UTF_8));
        assertThat(healthcheck(ingest, 9)).as("one-off ingest: healthy without asking anything").isZero();
        // the service: asks /observe/health; nothing answers on this port, so unhealthy
        Path service = Files.write(work.resolve("service"), "java\0-jar\0/app/streamflow.jar\0".getBytes(StandardCharsets.UTF_8));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(healthcheck(service, port)).as("the service with no health endpoint").isNotZero();
    }

    private static int healthcheck(Path cmdline, int port) throws Exception {
        ProcessBuilder sh = new ProcessBuilder("sh", "docker/healthcheck").redirectErrorStream(true);
        sh.environment().put("STREAMFLOW_HEALTHCHECK_CMDLINE", cmdline.toString());
        sh.environment().put("STREAMFLOW_MANAGEMENT_PORT", String.valueOf(port));
        Process process = sh.start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    @Test
    void credentialsComeFromDotEnvAndNoPasswordIsWrittenInTheComposeFile() throws IOException {
        assertThat(dotEnv).containsKeys(CREDENTIALS.toArray(String[]::new));
        assertThat(dotEnv.get("POSTGRES_PASSWORD")).isNotBlank();
        for (String name : List.of("postgres", "streamflow")) {
            for (String key : CREDENTIALS) {
                assertThat(String.valueOf(environment(name).get(key))).as(name + " " + key)
                        .matches("\\$\\{" + key + "(:?[?-][^}]*)?}");
            }
        }
        assertThat(environment("streamflow")).containsEntry("POSTGRES_HOST", "postgres");
        assertThat(composeText).doesNotContain(dotEnv.get("POSTGRES_PASSWORD"));
        Matcher literal = Pattern.compile("(?im)^\\s*-?\\s*POSTGRES_PASSWORD\\s*[:=]\\s*(.+)$").matcher(composeText);
        while (literal.find()) {
            assertThat(literal.group(1).trim()).as("POSTGRES_PASSWORD value").startsWith("${");
        }
        assertThat(Files.readString(Path.of(".env"), StandardCharsets.UTF_8).toLowerCase())
                .as("the dev values say they are to be changed").contains("change");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServiceReadsTheHostInboxWritesTheHostReportsAndTheDatabaseKeepsAVolume() {
        // data/ as one mount: inbox, staged, archive and failed on one filesystem, so files move by renaming
        assertThat((List<Object>) service("streamflow").get("volumes")).map(String::valueOf)
                .containsExactlyInAnyOrder("./data:/app/data", "./reports:/app/reports");
        assertThat((List<Object>) service("postgres").get("volumes")).map(String::valueOf)
                .anyMatch(v -> v.startsWith("pgdata:"));
        assertThat((Map<String, Object>) compose.get("volumes")).containsKey("pgdata");
        assertThat(service("streamflow").get("build")).isNotNull();
    }

    @Test
    void theImageRunsAsANonRootUserFromItsOwnWorkingDirectory() {
        List<String> runtime = dockerfile.subList(lastIndexOf("FROM "), dockerfile.size());
        String user = runtime.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertThat(user.substring(5).trim()).doesNotStartWith("root").doesNotStartWith("0");
        assertThat(runtime).anyMatch(l -> l.startsWith("WORKDIR /app"))
                .anyMatch(l -> l.contains("target/streamflow.jar"))
                .anyMatch(l -> l.matches("COPY\\s+routes\\s.*"))
                .anyMatch(l -> l.matches("COPY\\s+db\\s.*"))
                .anyMatch(l -> l.matches("COPY\\s+config\\s.*"))
                .anyMatch(l -> l.contains("data/inbox") && l.contains("reports"));
        assertThat(String.join("\n", runtime)).contains("chown -R streamflow:streamflow data reports");
    }

    @Test
    void composeStartsItAsRootOnlyForTheEntryPointWhichDropsToTheFoldersOwner() throws IOException {
        assertThat(service("streamflow")).containsEntry("user", "0:0");
        assertThat(environment("streamflow")).containsEntry("STREAMFLOW_UID", "${STREAMFLOW_UID:-}")
                .containsEntry("STREAMFLOW_GID", "${STREAMFLOW_GID:-}");
        assertThat(dockerfile).contains("ENTRYPOINT [\"/usr/local/bin/streamflow-entrypoint\"]",
                "COPY docker/entrypoint /usr/local/bin/streamflow-entrypoint");
        String entrypoint = Files.readString(Path.of("docker/entrypoint"));
        assertThat(entrypoint).contains("exec setpriv --reuid=\"$uid\" --regid=\"$gid\" --clear-groups java \"$heap\" -jar")
                .contains("heap=\"-Xmx${STREAMFLOW_HEAP:-256m}\"")
                .contains("will not run as root")
                .contains("for folder in /app/data/inbox /app/data/staged /app/data/archive /app/data/failed /app/reports; do");
        // a heap limit wherever the JVM is started: the image and the launcher
        assertThat(String.join("\n", dockerfile)).contains("STREAMFLOW_HEAP=256m");
        assertThat(Files.readString(Path.of("bin/streamflow"))).contains("\"-Xmx${STREAMFLOW_HEAP:-256m}\"");
        assertThat(Files.isExecutable(Path.of("docker/entrypoint"))).isTrue();
        assertThat(Files.isExecutable(Path.of("docker/healthcheck"))).isTrue();
    }

    private static int lastIndexOf(String prefix) {
        for (int i = dockerfile.size() - 1; i >= 0; i--) {
            if (dockerfile.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + "line");
    }
}
