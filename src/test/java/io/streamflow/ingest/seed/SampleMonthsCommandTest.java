package io.streamflow.ingest.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's command line and the sizes it refuses. */
class SampleMonthsCommandTest {

    @Test
    void rejectsBadSizes(@TempDir Path tmp) {
        assertThatThrownBy(() -> SampleMonths.write(tmp, 0, 2, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleMonths.write(tmp, 10, 0, 1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandLinePrintsOneLinePerMonthAndRejectsBadArguments(@TempDir Path tmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int ok = SampleMonths.run(new String[] {tmp.toString(), "--users", "20", "--months", "3", "--seed", "-4"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(ok).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).hasSize(3);
        assertThat(tmp.resolve("month_002/labels.csv")).exists();

        for (String[] bad : List.of(new String[] {}, new String[] {tmp.toString(), "--users"},
            new String[] {tmp.toString(), "--users", "many"}, new String[] {tmp.toString(), "--months", "0"},
            new String[] {tmp.toString(), "--frobnicate"}, new String[] {tmp.toString(), "second-dir"})) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int status = SampleMonths.run(bad, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
            assertThat(status).as(Arrays.toString(bad)).isEqualTo(2);
            assertThat(e.toString(StandardCharsets.UTF_8)).contains("usage: SampleMonths OUT_DIR");
        }
    }
}
