package io.streamflow.ingest.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One column of a table contract with its row-level expectations.
 *
 * @param min        inclusive lower bound of a number, null when unbounded (numeric columns declare both bounds)
 * @param max        inclusive upper bound of a number, null when unbounded
 * @param earliest   the earliest date a date column accepts, null when unbounded
 * @param notAfterAsOf a date column's values may not lie after the month's as_of
 * @param maxLength  the most characters (code points) a text value may have
 * @param allowed    empty when any value is allowed
 * @param mostly     share of rows that must pass this column's checks
 */
public record Column(String name, ColumnType type, boolean nullable, boolean optional,
                     BigDecimal min, BigDecimal max, LocalDate earliest, boolean notAfterAsOf, int maxLength,
                     Set<String> allowed, double mostly) {

    /** What a text value may hold at most when its column says nothing else. */
    public static final int DEFAULT_MAX_LENGTH = 256;

    /**
     * The rule a value breaks, or null when it passes. Empty text means NULL.
     *
     * @param asOf the month the row belongs to (date columns may not lie after it)
     */
    public Violation check(String raw, LocalDate asOf) {
        if (raw == null || raw.isEmpty()) {
            return new Violation(nullable ? null : Rule.NOT_NULL, null);
        }
        if (type == ColumnType.TEXT) {
            if (!printable(raw)) {
                return new Violation(Rule.PRINTABLE, null);
            }
            if (raw.length() > maxLength && raw.codePointCount(0, raw.length()) > maxLength) {
                return new Violation(Rule.MAX_LENGTH, null);
            }
        }
        Object value;
        try {
            value = type.parse(raw);
        } catch (IllegalArgumentException e) {
            return new Violation(Rule.TYPE, null);
        }
        if (!allowed.isEmpty() && !allowed.contains(raw)) {
            return new Violation(Rule.IN_SET, value);
        }
        if (type.isNumeric()) {
            BigDecimal number = value instanceof Integer i ? BigDecimal.valueOf(i) : (BigDecimal) value;
            if (min != null && number.compareTo(min) < 0) {
                return new Violation(Rule.MIN, value);
            }
            if (max != null && number.compareTo(max) > 0) {
                return new Violation(Rule.MAX, value);
            }
        }
        if (value instanceof LocalDate date) {
            if (earliest != null && date.isBefore(earliest)) {
                return new Violation(Rule.MIN, value);
            }
            if (notAfterAsOf && asOf != null && date.isAfter(asOf)) {
                return new Violation(Rule.MAX, value);
            }
        }
        return new Violation(null, value);
    }

    /**
     * Text a person can read and a key can be compared on: no control characters (a NUL, a newline, a tab), no line
     * or paragraph separators, and no space at either end (" 0042-ABCD" and "0042-ABCD" would be two users).
     */
    static boolean printable(String text) {
        if (Character.isWhitespace(text.codePointAt(0)) || Character.isSpaceChar(text.codePointAt(0))
                || Character.isWhitespace(text.codePointBefore(text.length()))
                || Character.isSpaceChar(text.codePointBefore(text.length()))) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            int kind = Character.getType(text.charAt(i));
            if (kind == Character.CONTROL || kind == Character.LINE_SEPARATOR || kind == Character.PARAGRAPH_SEPARATOR) {
                return false;
            }
        }
        return true;
    }

    /** The row-level rules this column declares, in the order they are checked. */
    public List<Rule> rules() {
        List<Rule> rules = new java.util.ArrayList<>();
        if (!nullable) {
            rules.add(Rule.NOT_NULL);
        }
        if (type == ColumnType.TEXT) {
            rules.add(Rule.PRINTABLE);
            rules.add(Rule.MAX_LENGTH);
        }
        rules.add(Rule.TYPE);
        if (!allowed.isEmpty()) {
            rules.add(Rule.IN_SET);
        }
        if (min != null || earliest != null) {
            rules.add(Rule.MIN);
        }
        if (max != null || notAfterAsOf) {
            rules.add(Rule.MAX);
        }
        return rules;
    }

    /** What a rule of this column means, in words a data person reads. */
    public String describe(Rule rule) {
        return switch (rule) {
            case NOT_NULL -> name + " is not empty";
            case PRINTABLE -> name + " is printable text without control characters or spaces at either end";
            case MAX_LENGTH -> name + " has at most " + maxLength + " characters";
            case TYPE -> name + " is " + switch (type) {
                case TEXT -> "text";
                case INTEGER -> "an integer (ASCII digits)";
                case DECIMAL -> "a decimal number (ASCII digits, plain or exponent notation)";
                case BOOLEAN -> "True or False";
                case DATE -> "a date YYYY-MM-DD";
            };
            case IN_SET -> name + " is one of " + String.join(", ", allowed.stream().sorted().toList());
            case MIN -> name + " >= " + (earliest != null ? earliest.toString() : min.toPlainString());
            case MAX -> name + " <= " + (notAfterAsOf ? "the month's as_of" : max.toPlainString());
            default -> name + " " + rule.id();
        };
    }

    /** A failed rule (null rule = the value passed) and the parsed value where there is one. */
    public record Violation(Rule rule, Object value) {
        public boolean failed() {
            return rule != null;
        }
    }
}
