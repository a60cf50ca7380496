package io.streamflow.ingest.contract;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * The value types a contract column can have, and how CSV text becomes a typed value. The accepted text mirrors
 * what PostgreSQL stores without loss, and no more: ASCII digits only (Java would read Arabic-Indic or fullwidth
 * digits as numbers), numbers within the range of their column type, dates with four-digit years.
 */
public enum ColumnType {
    TEXT {
        @Override
        public Object parse(String raw) {
            return raw;
        }
    },
    INTEGER {
        @Override
        public Object parse(String raw) {
            // [+-]?[0-9]{1,10}, read as it is checked
            int at = raw.startsWith("+") || raw.startsWith("-") ? 1 : 0;
            int digits = raw.length() - at;
            if (digits < 1 || digits > 10) {
                throw new IllegalArgumentException("not an integer");
            }
            long value = 0;
            for (int i = at; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not an integer");
                }
                value = value * 10 + (c - '0');
            }
            value = raw.charAt(0) == '-' ? -value : value;
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("outside the integer range");
            }
            return (int) value;
        }
    },
    /** Kept as BigDecimal so that PostgreSQL NUMERIC receives exactly the digits written. */
    DECIMAL {
        private final Pattern number = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,9})?");

        @Override
        public Object parse(String raw) {
            BigDecimal plain = plain(raw);
            if (plain != null) {
                return plain;
            }
            if (raw.length() > MAX_DECIMAL_CHARS || !number.matcher(raw).matches()) {
                throw new IllegalArgumentException("not a decimal number");
            }
            BigDecimal value;
            try {
                value = new BigDecimal(raw);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("not a decimal number");
            }
            // PostgreSQL NUMERIC: up to 131072 digits before the point and 16383 after
            if (value.scale() > 16383 || (long) value.precision() - value.scale() > 131072) {
                throw new IllegalArgumentException("outside PostgreSQL's numeric range");
            }
            return value;
        }
    },
    BOOLEAN {
        @Override
        public Object parse(String raw) {
            switch (raw) {
                case "True", "true" -> {
                    return Boolean.TRUE;
                }
                case "False", "false" -> {
                    return Boolean.FALSE;
                }
                default -> throw new IllegalArgumentException("not a boolean (True/False)");
            }
        }
    },
    DATE {
        @Override
        public Object parse(String raw) {
            // [0-9]{4}-[0-9]{2}-[0-9]{2}, a real day of the ISO calendar (what LocalDate.parse accepts of that form)
            if (raw.length() != 10 || raw.charAt(4) != '-' || raw.charAt(7) != '-') {
                throw new IllegalArgumentException("not a valid date (YYYY-MM-DD)");
            }
            try {
                return LocalDate.of(digits(raw, 0, 4), digits(raw, 5, 7), digits(raw, 8, 10));
            } catch (DateTimeException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid date (YYYY-MM-DD)");
            }
        }
    };

    /** The number of the ASCII digits from {@code from} to {@code to}; IllegalArgumentException for anything else. */
    private static int digits(String raw, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The common case of a decimal, read without a pattern or BigDecimal's text parser (a large share of an intake's
     * time, and of its compiler's): a sign, at most 18 ASCII digits and a point, no exponent. The value and its scale
     * are those {@code new BigDecimal(raw)} gives. Null for anything else, which the full check then reads or refuses.
     */
    static BigDecimal plain(String raw) {
        int at = raw.startsWith("+") || raw.startsWith("-") ? 1 : 0;
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        for (int i = at; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                scale += point ? 1 : 0;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return null;
            }
        }
        return digits == 0 ? null : BigDecimal.valueOf(raw.charAt(0) == '-' ? -unscaled : unscaled, scale);
    }

    /** Longer decimal text is refused before it is parsed: no column of the store needs more digits. */
    static final int MAX_DECIMAL_CHARS = 1000;

    /** Parses non-empty CSV text; throws IllegalArgumentException naming the expected type. */
    public abstract Object parse(String raw);

    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL;
    }
}
