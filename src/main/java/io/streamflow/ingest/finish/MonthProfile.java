package io.streamflow.ingest.finish;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * Every column of every table of one month, each beside the same column of the previous published month: null share,
 * min, max and mean of numbers, first and last date of dates, the most frequent values of text and booleans, and a
 * population stability index (PSI) where there is a previous month. A column whose PSI is above the suite's
 * {@code drift.psi_warn} is marked: a warning of the report, never a refusal.
 *
 * @param previousAsOf the newest published as_of before this month's, null when there is none
 * @param unavailable  why there is no profile (the database failed while it was read), null when there is one
 */
public record MonthProfile(LocalDate asOf, LocalDate previousAsOf, double psiWarn, List<TableProfile> tables,
                           String unavailable) {

    public MonthProfile {
        tables = List.copyOf(tables);
    }

    /** A profile that could not be made, and why. */
    public static MonthProfile unavailable(LocalDate asOf, double psiWarn, String why) {
        return new MonthProfile(asOf, null, psiWarn, List.of(), why);
    }

    /** The columns whose drift is past the threshold, the largest first. */
    public List<Drifted> drifted() {
        return tables.stream().flatMap(t -> t.columns().stream().filter(ColumnProfile::drift)
                        .map(c -> new Drifted(t.table(), t.file(), c.column(), c.kind(), c.psi())))
                .sorted(Comparator.comparingDouble(Drifted::psi).reversed()).toList();
    }

    /** One table of the month: its rows and those of the previous month (null without one), then its columns. */
    public record TableProfile(String table, String file, long rows, Long previousRows, List<ColumnProfile> columns) {
        public TableProfile {
            columns = List.copyOf(columns);
        }
    }

    /**
     * One column: what it is ({@link Kind}), this month and the previous one (null without one), their PSI (null when
     * not measured: no previous month, no rows on a side, or the key column) and whether it is past the threshold.
     */
    public record ColumnProfile(String column, Kind kind, Side current, Side previous, Double psi, boolean drift) {
    }

    /**
     * A column in one month.
     *
     * @param min  least value of a number (BigDecimal) or date (text YYYY-MM-DD), null otherwise or without values
     * @param mean mean of a number column, null otherwise
     * @param top  the most frequent values of a text or boolean column, most frequent first
     */
    public record Side(long rows, long nulls, double nullShare, Object min, Object max, BigDecimal mean,
                       List<ValueShare> top) {
        public Side {
            top = List.copyOf(top);
        }
    }

    /** A value of a text or boolean column and its share of the month's rows, and of the previous month's (or null). */
    public record ValueShare(String value, double share, Double previousShare) {
    }

    /** A column past the drift threshold. */
    public record Drifted(String table, String file, String column, Kind kind, double psi) {
    }

    /** How a column is profiled, and how its PSI is binned. */
    public enum Kind {
        /** user_id: null share only. */
        KEY,
        /** integer and decimal: min, max, mean; PSI over the previous month's deciles. */
        NUMBER,
        /** min and max; PSI over the previous month's deciles. */
        DATE,
        /** text and booleans: top values; PSI over the values. */
        CATEGORY
    }
}
