package io.streamflow.ingest.seed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values in the generated files are written as the original exports write them. */
class ExportValuesTest {

    @Test
    void decimalsAreWrittenTheWayTheOriginalsWriteThem() {
        assertThat(ExportValues.decimal(24.483650766787413)).isEqualTo("24.483650766787413");
        assertThat(ExportValues.decimal(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(ExportValues.decimal(16.0)).isEqualTo("16.0");
        assertThat(ExportValues.decimal(29.14)).isEqualTo("29.14");
        assertThat(ExportValues.decimal(1.0e-5)).isEqualTo("0.00001");
        assertThat(ExportValues.decimal(1.0e7)).isEqualTo("10000000.0");
        assertThat(ExportValues.decimal(2.0e22)).isEqualTo("20000000000000000000000.0");
        assertThat(ExportValues.cents(2985)).isEqualTo("29.85");
        assertThat(ExportValues.cents(188950)).isEqualTo("1889.5");
        assertThat(ExportValues.cents(2000)).isEqualTo("20.0");
        assertThat(ExportValues.cents(5)).isEqualTo("0.05");
        assertThat(ExportValues.cents(0)).isEqualTo("0.0");
        assertThat(ExportValues.tenths(160)).isEqualTo("16.0");
        assertThat(ExportValues.tenths(86)).isEqualTo("8.6");
    }

    @Test
    void shortestDecimalsReadBackExactly() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            double v = 100.0 * r.nextDouble();
            String s = ExportValues.decimal(v);
            assertThat(Double.parseDouble(s)).isEqualTo(v);
            assertThat(s).matches(SampleMonthsTest.PLAIN_DECIMAL);
        }
    }
}
