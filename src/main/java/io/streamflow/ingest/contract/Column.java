package io.streamflow.ingest.contract;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * One column of a table contract with its row-level expectations.
 *
 * @param allowed empty when any value is allowed
 * @param min     null when unbounded
 * @param max     null when unbounded
 * @param mostly  share of rows that must pass this column's checks
 */
public record Column(String name, ColumnType type, boolean nullable, boolean optional,
                     BigDecimal min, BigDecimal max, Set<String> allowed, double mostly) {

    /** The rule a value breaks, or null when it passes. Empty text means NULL. */
    public Violation check(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new Violation(nullable ? null : Rule.NOT_NULL, null);
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
        return new Violation(null, value);
    }

    /** The row-level rules this column declares, in the order they are checked. */
    public List<Rule> rules() {
        List<Rule> rules = new java.util.ArrayList<>();
        if (!nullable) {
            rules.add(Rule.NOT_NULL);
        }
        rules.add(Rule.TYPE);
        if (!allowed.isEmpty()) {
            rules.add(Rule.IN_SET);
        }
        if (min != null) {
            rules.add(Rule.MIN);
        }
        if (max != null) {
            rules.add(Rule.MAX);
        }
        return rules;
    }

    /** What a rule of this column means, in words a data person reads. */
    public String describe(Rule rule) {
        return switch (rule) {
            case NOT_NULL -> name + " is not empty";
            case TYPE -> name + " is " + switch (type) {
                case TEXT -> "text";
                case INTEGER -> "an integer";
                case DECIMAL -> "a decimal number";
                case BOOLEAN -> "True or False";
                case DATE -> "a date YYYY-MM-DD";
            };
            case IN_SET -> name + " is one of " + String.join(", ", allowed.stream().sorted().toList());
            case MIN -> name + " >= " + min.toPlainString();
            case MAX -> name + " <= " + max.toPlainString();
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
