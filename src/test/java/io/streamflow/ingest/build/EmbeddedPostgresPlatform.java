package io.streamflow.ingest.build;

import java.util.List;
import java.util.Locale;

/**
 * The embedded PostgreSQL's binary archives, named as zonky's resolver looks them up
 * ({@code postgres-<system>-<architecture>.txz}), for the four platforms the project supports.
 */
final class EmbeddedPostgresPlatform {

    static final List<String> SUPPORTED = List.of("postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz",
            "postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz");

    private EmbeddedPostgresPlatform() {
    }

    /** The archive this JVM's platform needs (os.name and os.arch, as zonky reads them). */
    static String binaryForThisPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.replace(' ', '_');
        String arch = switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> System.getProperty("os.arch");
        };
        return "postgres-" + system + "-" + arch + ".txz";
    }
}
