package io.streamflow.ingest.staging;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.streamflow.ingest.run.Runs;

/**
 * The content digest of each staged file, summed up as its rows are staged, so that the gate does not
 * read every staged row back to hash it. Per table it is the same value MonthGate's SQL computes over the
 * staged rows: {@code count || ':' || sum(first 60 bits of md5(ROW(columns)::text))}, where the row text is
 * written here exactly as PostgreSQL's record output writes it (database encoding UTF-8, C or UTF-8 ctype).
 * A run whose files were staged before a restart falls back to the gate's SQL.
 */
public class RowDigests {

    private static final BigInteger LOW_BITS = BigInteger.ONE.shiftLeft(62);
    private final Runs runs;

    public RowDigests(Runs runs) {
        this.runs = runs;
    }

    /** One chunk's sum, to be added to its table's. */
    public static final class Chunk {
        private final MessageDigest md5;
        private final StringBuilder text = new StringBuilder(160);
        /** The row has a value already: the next one follows a comma (a NULL writes nothing but its comma). */
        private boolean rowStarted;
        private long rows;
        private long high;
        private long low;

        private Chunk() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Starts a staged row; its values follow in column order ({@link #value}), then {@link #endRow}. */
        void beginRow() {
            text.setLength(0);
            text.append('(');
            rowStarted = false;
        }

        /** The next value of the row, as {@link #text} gives it (null for NULL). */
        void value(String value) {
            if (rowStarted) {
                text.append(',');
            }
            rowStarted = true;
            if (value != null) {
                appendQuoted(value);
            }
        }

        void endRow() {
            text.append(')');
            byte[] hash = md5.digest(text.toString().getBytes(StandardCharsets.UTF_8));
            long first = 0;
            for (int i = 0; i < 8; i++) {
                first = (first << 8) | (hash[i] & 0xff);
            }
            low += first >>> 4; // the first 15 hex digits
            if (low >= (1L << 62)) {
                high += low >>> 62;
                low &= (1L << 62) - 1;
            }
            rows++;
        }

        /** PostgreSQL's output of a typed value, or null for NULL. */
        static String text(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof BigDecimal decimal) {
                return decimal.toPlainString();
            }
            if (value instanceof Boolean bool) {
                return bool ? "t" : "f";
            }
            return value.toString();
        }

        /** record_out: double quotes around an empty value or one with a quote, backslash, parenthesis, comma or space. */
        private void appendQuoted(String value) {
            boolean quote = value.isEmpty();
            for (int i = 0; i < value.length() && !quote; i++) {
                char ch = value.charAt(i);
                quote = ch == '"' || ch == '\\' || ch == '(' || ch == ')' || ch == ','
                        || ch == ' ' || (ch >= '\t' && ch <= '\r');
            }
            if (!quote) {
                text.append(value);
                return;
            }
            text.append('"');
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch == '"' || ch == '\\') {
                    text.append(ch);
                }
                text.append(ch);
            }
            text.append('"');
        }
    }

    private static final class Tally {
        long rows;
        BigInteger sum = BigInteger.ZERO;
    }

    /** The tallies of one run, by table: kept in the run's state. */
    private static final class Tallies extends ConcurrentHashMap<String, Tally> {
    }

    private Map<String, Tally> tallies(long runId) {
        return runs.find(runId).map(state -> (Map<String, Tally>) state.attachment(Tallies.class)).orElse(null);
    }

    public Chunk chunk() {
        return new Chunk();
    }

    /** A file of the table starts (again) for the run: what an earlier copy summed is forgotten. */
    public void reset(long runId, String table) {
        runs.of(runId).attachment(Tallies.class, Tallies::new).put(table, new Tally());
    }

    public void add(long runId, String table, Chunk chunk) {
        Map<String, Tally> run = tallies(runId);
        Tally tally = run == null ? null : run.get(table);
        if (tally == null) {
            return; // staged before a restart: the gate computes this table in SQL
        }
        synchronized (tally) {
            tally.rows += chunk.rows;
            tally.sum = tally.sum.add(BigInteger.valueOf(chunk.high).multiply(LOW_BITS)).add(BigInteger.valueOf(chunk.low));
        }
    }

    /** count:sum of the table's staged rows, when every one of them was summed here. */
    public Optional<String> digest(long runId, String table, long stagedRows) {
        Map<String, Tally> run = tallies(runId);
        Tally tally = run == null ? null : run.get(table);
        if (tally == null) {
            return Optional.empty();
        }
        synchronized (tally) {
            return tally.rows != stagedRows ? Optional.empty()
                    : Optional.of(tally.rows + ":" + tally.sum);
        }
    }
}
