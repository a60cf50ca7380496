package io.streamflow.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.streamflow.ingest.contract.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableIntakeTest {

    @TempDir
    Path work;

    @Test
    void aSymbolicLinkIsRefusedAsOne() throws Exception {
        Path target = Files.writeString(work.resolve("elsewhere.csv"), "user_id\n");
        Path link = Files.createSymbolicLink(work.resolve("users.csv"), target);

        RowError refused = TableIntake.notRegular("users.csv", link);

        assertThat(refused.rule()).isEqualTo(Rule.REGULAR_FILE);
        assertThat(refused.value()).isEqualTo("users.csv is a symbolic link or not a regular file; it was not read");
    }

    @Test
    void aFileGoneAsItWasTakenIsSaidToBeSo() {
        // what a producer copying the month folder again over itself leaves for an instant
        RowError refused = TableIntake.notRegular("usage_agg_30d.csv", work.resolve("usage_agg_30d.csv"));

        assertThat(refused.rule()).isEqualTo(Rule.REGULAR_FILE);
        assertThat(refused.value()).isEqualTo("usage_agg_30d.csv was removed or replaced while it was taken; it was not"
                + " read (drop the month again)");
    }
}
