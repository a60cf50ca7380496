package io.streamflow.ingest.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamflow.ingest.finish.ReportFolder;
import org.junit.jupiter.api.Test;

/** The database's label in the reports folder: readable, a safe folder name, one per database. */
class DatabaseLabelTest {

    @Test
    void theLabelIsTheDatabaseNameAndAShortDigestOfClusterAndName() {
        String label = DatabaseLabel.of("streamflow", "7714533522217777269");

        assertThat(label).matches("streamflow-[0-9a-f]{8}").matches(ReportFolder.DATABASE);
        assertThat(DatabaseLabel.of("streamflow", "7714533522217777269")).isEqualTo(label);
        assertThat(DatabaseLabel.of("streamflow", "7714533522217777270")).as("another cluster").isNotEqualTo(label);
        assertThat(DatabaseLabel.of("streamflow2", "7714533522217777269")).as("another database")
                .startsWith("streamflow2-");
    }

    @Test
    void anyDatabaseNameMakesASafeFolderName() {
        for (String name : new String[] {"../../etc", "Prod DB", "__x", "ü", "a".repeat(63), "/"}) {
            assertThat(DatabaseLabel.of(name, "1")).as(name).matches(ReportFolder.DATABASE).doesNotContain("..", "/");
        }
    }
}
