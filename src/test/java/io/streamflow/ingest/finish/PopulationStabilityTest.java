package io.streamflow.ingest.finish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The population stability index from counts per bin, without a database. */
class PopulationStabilityTest {

    @Test
    void theSameSharesGiveZero() {
        assertThat(PopulationStability.index(Map.of("a", 30L, "b", 70L), 100, Map.of("a", 300L, "b", 700L), 1000))
                .isEqualTo(0.0);
    }

    @Test
    void aShiftGivesTheSumOfItsTerms() {
        double expected = (0.5 - 0.2) * Math.log(0.5 / 0.2) + (0.5 - 0.8) * Math.log(0.5 / 0.8);

        assertThat(PopulationStability.index(Map.of("a", 20L, "b", 80L), 100, Map.of("a", 50L, "b", 50L), 100))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void anEmptyBinCountsAsTheFloorAndNullIsABinOfItsOwn() {
        Map<String, Long> withNulls = new HashMap<>(Map.of("a", 50L));
        withNulls.put(null, 50L);
        double floor = PopulationStability.FLOOR;
        double expected = (0.5 - 1.0) * Math.log(0.5 / 1.0) + (0.5 - floor) * Math.log(0.5 / floor);

        assertThat(PopulationStability.index(Map.of("a", 100L), 100, withNulls, 100)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void rowsInNoCountedBinAreOneBinOther() {
        // 40 and 10 rows of values past the counted ones
        double expected = (0.1 - 0.4) * Math.log(0.1 / 0.4) + (0.9 - 0.6) * Math.log(0.9 / 0.6);

        assertThat(PopulationStability.index(Map.of("a", 60L), 100, Map.of("a", 90L), 100))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void aMonthWithoutRowsHasNoIndex() {
        assertThat(PopulationStability.index(Map.of(), 0, Map.of("a", 1L), 1)).isNull();
        assertThat(PopulationStability.index(Map.of("a", 1L), 1, Map.of(), 0)).isNull();
    }
}
