package io.streamflow.ingest.seed;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Values written as the original exports write them: booleans, money, tenths and shortest decimals. */
final class ExportValues {

    private static final MathContext[] DIGITS = {
        new MathContext(15, RoundingMode.HALF_EVEN),
        new MathContext(16, RoundingMode.HALF_EVEN),
        new MathContext(17, RoundingMode.HALF_EVEN)
    };

    private ExportValues() {
    }

    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** Cents as the exports write money: {@code 29.85}, {@code 1889.5}, {@code 20.0}. */
    static String cents(long cents) {
        long whole = cents / 100;
        int frac = (int) (cents % 100);
        if (frac == 0) {
            return whole + ".0";
        }
        if (frac % 10 == 0) {
            return whole + "." + frac / 10;
        }
        return whole + (frac < 10 ? ".0" : ".") + frac;
    }

    /** Tenths as {@code 16.0}, {@code 8.6}. */
    static String tenths(int tenths) {
        return tenths / 10 + "." + tenths % 10;
    }

    /**
     * The shortest decimal that reads back as exactly {@code v} (what Python's {@code repr} writes),
     * always in plain notation with at least one fractional digit, e.g. {@code 24.483650766787413}.
     */
    static String decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal shortest = exact;
        for (MathContext mc : DIGITS) { // any double round-trips with 17 digits
            BigDecimal rounded = exact.round(mc);
            if (rounded.doubleValue() == v) {
                shortest = rounded;
                break;
            }
        }
        String s = shortest.stripTrailingZeros().toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }
}
