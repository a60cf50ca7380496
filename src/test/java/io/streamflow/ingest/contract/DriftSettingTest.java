package io.streamflow.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The suite's drift threshold: read, defaulted and checked. */
class DriftSettingTest {

    private static final String TABLES = "tables:\n  users:\n    snapshot: users_snapshots\n    columns:\n"
            + "      user_id: { type: text, max_length: 64 }\n      user_gender: { type: text }\n";

    private static ExpectationSuite parse(String yaml) {
        return ExpectationSuite.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void theProjectSuiteWarnsPastAPsiOfOneFifth() throws Exception {
        assertThat(ExpectationSuite.load(Path.of("config/expectations.yml")).drift().psiWarn()).isEqualTo(0.2);
    }

    @Test
    void aSuiteWithoutDriftGetsTheDefault() {
        assertThat(parse(TABLES).drift().psiWarn()).isEqualTo(ExpectationSuite.DEFAULT_PSI_WARN);
        assertThat(parse(TABLES + "drift:\n  psi_warn: 0.1\n").drift().psiWarn()).isEqualTo(0.1);
    }

    @Test
    void aThresholdThatIsNoPositiveNumberOrAnUnknownSettingIsRefused() {
        for (String bad : new String[] {"psi_warn: 0", "psi_warn: -0.2", "psi_warn: high", "psi_warn: 11"}) {
            assertThatThrownBy(() -> parse(TABLES + "drift:\n  " + bad + "\n")).as(bad)
                    .hasMessageContaining("drift.psi_warn must be a number above 0 and at most 10");
        }
        assertThatThrownBy(() -> parse(TABLES + "drift:\n  psi_warn: 0.2\n  bins: 20\n"))
                .hasMessageContaining("drift: unknown settings [bins]");
        assertThatThrownBy(() -> parse(TABLES + "drift: 0.2\n")).hasMessageContaining("drift must be a mapping");
    }
}
