package io.streamflow.ingest.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
        private final Pattern digits = Pattern.compile("[+-]?[0-9]{1,10}");

        @Override
        public Object parse(String raw) {
            if (!digits.matcher(raw).matches()) {
                throw new IllegalArgumentException("not an integer");
            }
            long value = Long.parseLong(raw);
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
        private final Pattern isoDate = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

        @Override
        public Object parse(String raw) {
            if (!isoDate.matcher(raw).matches()) {
                throw new IllegalArgumentException("not a valid date (YYYY-MM-DD)");
            }
            try {
                return LocalDate.parse(raw);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a valid date (YYYY-MM-DD)");
            }
        }
    };

    /** Longer decimal text is refused before it is parsed: no column of the store needs more digits. */
    static final int MAX_DECIMAL_CHARS = 1000;

    /** Parses non-empty CSV text; throws IllegalArgumentException naming the expected type. */
    public abstract Object parse(String raw);

    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL;
    }
}
