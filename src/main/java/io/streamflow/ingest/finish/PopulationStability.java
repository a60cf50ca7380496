package io.streamflow.ingest.finish;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The population stability index of a column between two months: the sum over its bins of
 * {@code (current share - previous share) * ln(current share / previous share)}. The bins are the previous month's
 * deciles for numbers and dates, the values for text and booleans; NULL is a bin of its own, and rows of values not
 * counted one by one (past the most frequent of a column with very many values) fall into one bin "other". An empty
 * bin counts as a share of {@value #FLOOR}, so that a value new in one month weighs without dividing by zero.
 * 0 means the same distribution; about 0.1 a small shift, 0.2 and above a shift worth a look.
 */
final class PopulationStability {

    static final double FLOOR = 1e-4;

    private PopulationStability() {
    }

    /**
     * The index between two months' counts per bin (a null key is the NULL bin); null when a month has no rows.
     *
     * @param previousRows all rows of the previous month, counted in a bin or not
     * @param currentRows  all rows of this month, counted in a bin or not
     */
    static Double index(Map<String, Long> previousBins, long previousRows, Map<String, Long> currentBins,
                        long currentRows) {
        if (previousRows <= 0 || currentRows <= 0) {
            return null;
        }
        // copies that take the NULL bin's null key
        Map<String, Long> previous = new HashMap<>(previousBins);
        Map<String, Long> current = new HashMap<>(currentBins);
        Set<String> bins = new HashSet<>(previous.keySet());
        bins.addAll(current.keySet());
        double psi = 0;
        long previousCounted = 0;
        long currentCounted = 0;
        for (String bin : bins) {
            long before = previous.getOrDefault(bin, 0L);
            long now = current.getOrDefault(bin, 0L);
            previousCounted += before;
            currentCounted += now;
            psi += term((double) before / previousRows, (double) now / currentRows);
        }
        long previousOther = previousRows - previousCounted;
        long currentOther = currentRows - currentCounted;
        if (previousOther > 0 || currentOther > 0) {
            psi += term((double) Math.max(previousOther, 0) / previousRows, (double) Math.max(currentOther, 0) / currentRows);
        }
        return psi;
    }

    private static double term(double previousShare, double currentShare) {
        double before = Math.max(previousShare, FLOOR);
        double now = Math.max(currentShare, FLOOR);
        return (now - before) * Math.log(now / before);
    }
}
