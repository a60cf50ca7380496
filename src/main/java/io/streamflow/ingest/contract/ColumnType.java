package io.streamflow.ingest.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The value types a contract column can have, and how CSV text becomes a typed value. */
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
            try {
                return Integer.valueOf(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        }
    },
    /** Kept as BigDecimal so that PostgreSQL NUMERIC receives exactly the digits written. */
    DECIMAL {
        @Override
        public Object parse(String raw) {
            if (raw.isBlank() || !raw.equals(raw.strip())) {
                throw new IllegalArgumentException("not a decimal number");
            }
            try {
                return new BigDecimal(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a decimal number");
            }
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
            try {
                return LocalDate.parse(raw);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a valid date (YYYY-MM-DD)");
            }
        }
    };

    /** Parses non-empty CSV text; throws IllegalArgumentException naming the expected type. */
    public abstract Object parse(String raw);

    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL;
    }
}
