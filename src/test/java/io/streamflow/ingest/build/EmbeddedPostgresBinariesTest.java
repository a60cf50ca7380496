package io.streamflow.ingest.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The build's platform profile put the embedded PostgreSQL of this machine on the classpath: exactly one archive
 * for it (zonky refuses duplicates). Skipped on a platform the project does not support.
 */
class EmbeddedPostgresBinariesTest {

    @Test
    void theClasspathCarriesThisPlatformsPostgresBinariesOnce() throws IOException {
        String needed = EmbeddedPostgresPlatform.binaryForThisPlatform();
        assumeTrue(EmbeddedPostgresPlatform.SUPPORTED.contains(needed),
                () -> "not a platform the embedded PostgreSQL supports (README): " + needed);
        List<URL> found = Collections.list(getClass().getClassLoader().getResources(needed));
        assertThat(found).as("%s on the classpath (pom.xml: profile of %s %s)", needed,
                System.getProperty("os.name"), System.getProperty("os.arch")).hasSize(1);
    }
}
