package io.streamflow.ingest.seed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic generator of sample monthly subscriber exports, in the format of the real
 * exports ({@code month_000/users.csv}, {@code subscriptions.csv}, {@code usage_agg_30d.csv},
 * {@code payments_agg_90d.csv}, {@code support_agg_90d.csv}, {@code labels.csv}).
 *
 * <p>Every value is synthesised from {@link Random} instances seeded per user (and per month)
 * from {@code (seed, userIndex, month)}, so rows are produced one at a time and nothing is
 * kept in memory between users: a month of a million users streams in constant memory.
 * Users and subscriptions are identical in every month; usage, payments, support and labels
 * drift from one month to the next. Only {@link StrictMath} is used, so output is byte-identical
 * for the same {@code (users, months, seed)} on any JVM.
 */
public final class SampleMonths {

    public static final int DEFAULT_USERS = 7043;
    public static final int DEFAULT_MONTHS = 2;
    public static final long DEFAULT_SEED = 42L;

    /** File names of one month, in the order they are written. */
    public static final String[] FILES = {
        "users.csv", "subscriptions.csv", "usage_agg_30d.csv",
        "payments_agg_90d.csv", "support_agg_90d.csv", "labels.csv"
    };

    /** Header line of each file in {@link #FILES}, same order. */
    public static final String[] HEADERS = {
        "user_id,signup_date,user_gender,user_is_senior,has_family,has_dependents",
        "user_id,months_active,plan_stream_tv,plan_stream_movies,contract_type,paperless_billing,"
            + "monthly_fee,total_paid,net_service",
        "user_id,watch_hours_30d,avg_session_mins_7d,unique_devices_30d,skips_7d,rebuffer_events_7d",
        "user_id,failed_payments_90d",
        "user_id,support_tickets_90d,ticket_avg_resolution_hrs_90d",
        "user_id,churn_label"
    };

    private static final String USAGE =
        "usage: SampleMonths OUT_DIR [--users N] [--months M] [--seed S]";

    private static final String[] CONTRACTS = {"Month-to-month", "One year", "Two year"};
    private static final String[] NETS = {"No", "DSL", "Fiber optic"};
    private static final int NO_NET = 0;
    private static final int DSL = 1;
    private static final int FIBER = 2;

    /** P(contract) indexed by [has_family][is_senior]. */
    private static final double[][][] CONTRACT_P = {
        {{0.662, 0.188, 0.150}, {0.810, 0.116, 0.074}},
        {{0.366, 0.250, 0.384}, {0.604, 0.216, 0.180}}
    };
    /** Multinomial logit of the net service against DSL: intercept by contract, tenure and senior slopes. */
    private static final double[] NO_NET_BY_CONTRACT = {-0.388, 0.800, 1.876};
    private static final double NO_NET_TENURE = -2.385;
    private static final double NO_NET_SENIOR = -0.959;
    private static final double[] FIBER_BY_CONTRACT = {-0.071, -1.309, -1.998};
    private static final double FIBER_TENURE = 1.728;
    private static final double FIBER_SENIOR = 0.943;
    private static final double[] PAPERLESS_P = {0.632, 0.520, 0.445};
    private static final double PAPERLESS_SENIOR_BONUS = 0.17;

    /** user ids: 4 digits, a dash, 5 upper-case letters. */
    private static final long LETTER_SPACE = 26L * 26 * 26 * 26 * 26;
    private static final long ID_SPACE = 10_000L * LETTER_SPACE;
    private static final int HALF_BITS = 19; // 2^38 > ID_SPACE
    private static final long HALF_MASK = (1L << HALF_BITS) - 1;
    private static final int FEISTEL_ROUNDS = 6;

    private static final LocalDate LATEST_SIGNUP = LocalDate.of(2022, 2, 6);
    private static final LocalDate EARLIEST_SIGNUP = LocalDate.of(2022, 1, 1);

    private static final MathContext[] DIGITS = {
        new MathContext(15, RoundingMode.HALF_EVEN),
        new MathContext(16, RoundingMode.HALF_EVEN),
        new MathContext(17, RoundingMode.HALF_EVEN)
    };

    private SampleMonths() {
    }

    /**
     * Writes {@code outDir/month_000 .. month_(months-1)}, each holding the six export files.
     */
    public static void write(Path outDir, int users, int months, long seed) throws IOException {
        checkSizes(users, months);
        for (int month = 0; month < months; month++) {
            writeMonth(outDir, month, users, seed);
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command line, minus {@code System.exit}: returns 0, 1 on an I/O failure, 2 on bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = null;
        int users = DEFAULT_USERS;
        int months = DEFAULT_MONTHS;
        long seed = DEFAULT_SEED;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--users") || a.equals("--months") || a.equals("--seed")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + a);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--users" -> users = Integer.parseInt(v);
                        case "--months" -> months = Integer.parseInt(v);
                        default -> seed = Long.parseLong(v);
                    }
                } else if (a.startsWith("-") || dir != null) {
                    throw new IllegalArgumentException("unexpected argument: " + a);
                } else {
                    dir = Paths.get(a);
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("OUT_DIR is required");
            }
            checkSizes(users, months);
        } catch (IllegalArgumentException e) { // NumberFormatException and InvalidPathException too
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            for (int month = 0; month < months; month++) {
                Path written = writeMonth(dir, month, users, seed);
                out.println("wrote " + written + " (" + users + " users, seed " + seed + ")");
            }
            return 0;
        } catch (IOException e) {
            err.println("error: " + e);
            return 1;
        }
    }

    private static void checkSizes(int users, int months) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1: " + users);
        }
        if (months < 1) {
            throw new IllegalArgumentException("months must be >= 1: " + months);
        }
    }

    static Path monthDir(Path outDir, int month) {
        return outDir.resolve(String.format(Locale.ROOT, "month_%03d", month));
    }

    private static Path writeMonth(Path outDir, int month, int users, long seed) throws IOException {
        Path dir = monthDir(outDir, month);
        Files.createDirectories(dir);
        Writer[] w = new Writer[FILES.length];
        try {
            for (int f = 0; f < FILES.length; f++) {
                w[f] = new BufferedWriter(Files.newBufferedWriter(dir.resolve(FILES[f]), StandardCharsets.UTF_8),
                    1 << 16);
                w[f].write(HEADERS[f]);
                w[f].write('\n');
            }
            String sessionMins = decimal(sessionMinutes(seed));
            StringBuilder sb = new StringBuilder(160);
            for (int i = 0; i < users; i++) {
                Subscriber s = Subscriber.generate(seed, i);
                Activity a = s.activity;
                for (int k = 1; k <= month; k++) {
                    a = a.next(rng(seed, i, k));
                }
                writeRows(w, sb, s, a, sessionMins);
            }
        } finally {
            IOException failure = null;
            for (Writer writer : w) {
                if (writer != null) {
                    try {
                        writer.close();
                    } catch (IOException e) {
                        failure = failure == null ? e : failure;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return dir;
    }

    private static void writeRows(Writer[] w, StringBuilder sb, Subscriber s, Activity a, String sessionMins)
        throws IOException {
        line(w[0], sb, s.id, s.signup.toString(), s.male ? "Male" : "Female", bool(s.senior), bool(s.family),
            bool(s.dependents));
        boolean hasNet = s.net != NO_NET;
        line(w[1], sb, s.id, Integer.toString(s.months), hasNet ? bool(s.tv) : "", hasNet ? bool(s.movies) : "",
            CONTRACTS[s.contract], bool(s.paperless), cents(s.feeCents), cents(s.totalCents), NETS[s.net]);
        line(w[2], sb, s.id, decimal(a.watchHours), sessionMins, Integer.toString(s.devices),
            Integer.toString(s.skips), Integer.toString(a.rebuffers));
        line(w[3], sb, s.id, Integer.toString(a.failedPayments));
        line(w[4], sb, s.id, Integer.toString(a.tickets), tenths(s.resolutionTenths));
        line(w[5], sb, s.id, bool(a.churn));
    }

    private static void line(Writer w, StringBuilder sb, String... values) throws IOException {
        sb.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values[i]);
        }
        sb.append('\n');
        w.append(sb);
    }

    /** Static part of a user: everything in users.csv and subscriptions.csv, plus month-0 activity. */
    private static final class Subscriber {
        String id;
        LocalDate signup;
        boolean male;
        boolean senior;
        boolean family;
        boolean dependents;
        int contract;
        int months;
        int net;
        boolean tv;
        boolean movies;
        boolean paperless;
        long feeCents;
        long totalCents;
        int devices;
        int skips;
        int resolutionTenths;
        Activity activity;

        static Subscriber generate(long seed, int index) {
            Random r = rng(seed, index, 0);
            Subscriber s = new Subscriber();
            s.id = userId(seed, index);
            s.male = r.nextDouble() < 0.505;
            s.senior = r.nextDouble() < 0.162;
            s.family = r.nextDouble() < 0.483;
            s.dependents = r.nextDouble() < (s.family ? 0.514 : 0.099);
            s.contract = pick(r, CONTRACT_P[s.family ? 1 : 0][s.senior ? 1 : 0]);
            s.months = monthsActive(r, s.contract);
            // as in the originals: signup_date is 2022-02-06 minus months_active *days*, floored at 2022-01-01
            s.signup = LATEST_SIGNUP.minusDays(s.months);
            if (s.signup.isBefore(EARLIEST_SIGNUP)) {
                s.signup = EARLIEST_SIGNUP;
            }
            double tenure = s.months / 72.0;
            s.net = netService(r, s.contract, tenure, s.senior);
            if (s.net != NO_NET) {
                // streaming grows with tenure; the two plans share their draw 42% of the time
                double grow = s.net == DSL ? 0.35 + 1.4 * tenure : 0.55 + 1.0 * tenure;
                double u = r.nextDouble();
                s.tv = u < (s.net == DSL ? 0.395 : 0.565) * grow;
                double v = r.nextDouble() < 0.42 ? u : r.nextDouble();
                s.movies = v < (s.net == DSL ? 0.405 : 0.566) * grow;
            }
            s.paperless = r.nextDouble() < PAPERLESS_P[s.contract] + (s.senior ? PAPERLESS_SENIOR_BONUS : 0.0);
            s.feeCents = monthlyFeeCents(r, s.net, s.tv, s.movies, tenure);
            s.totalCents = totalPaidCents(r, s.feeCents, s.months);
            s.devices = 1 + r.nextInt(3);
            s.skips = poisson(r, 5.05);
            s.resolutionTenths = (int) clamp(StrictMath.round(100.0 + 39.0 * r.nextGaussian()), 10, 249);

            Activity a = new Activity();
            double fee = s.feeCents / 100.0;
            a.watchHours = StrictMath.max(1.0, 19.77 + 0.1522 * fee + 4.96 * r.nextGaussian());
            a.rebuffers = poisson(r, 2.31);
            a.failedPayments = (r.nextDouble() < 0.0805 ? 1 : 0) + (r.nextDouble() < 0.0805 ? 1 : 0);
            a.tickets = poisson(r, 0.303);
            // month-0 churn follows the subscription (contract, tenure, service), not usage
            double z = -0.10
                - 0.80 * (s.contract == 1 ? 1 : 0) - 1.84 * (s.contract == 2 ? 1 : 0)
                + 1.32 * (s.net == DSL ? 1 : 0) + 2.95 * (s.net == FIBER ? 1 : 0)
                - 0.696 * StrictMath.log1p(s.months)
                + 0.30 * (s.senior ? 1 : 0) + 0.40 * (s.paperless ? 1 : 0)
                + 0.05 * (s.family ? 1 : 0) - 0.16 * (s.dependents ? 1 : 0)
                - 1.95 * fee / 100.0 + 0.55 * (s.tv ? 1 : 0) + 0.56 * (s.movies ? 1 : 0);
            a.churn = r.nextDouble() < sigmoid(z);
            s.activity = a;
            return s;
        }
    }

    /** The drifting part of a user: usage, payments, support and label of one month. */
    private static final class Activity {
        double watchHours;
        int rebuffers;
        int failedPayments;
        int tickets;
        boolean churn;

        /**
         * The following month: watch time shrinks ~2% (sd 3%), the counters only grow (as between the
         * two original months), and the label is redrawn from payments, support and watch time.
         */
        Activity next(Random r) {
            Activity n = new Activity();
            n.watchHours = StrictMath.max(1.0, watchHours * (0.98 + 0.03 * r.nextGaussian()));
            n.rebuffers = rebuffers + poisson(r, 0.30);
            n.failedPayments = failedPayments + (r.nextDouble() < 0.029 ? 1 : 0);
            n.tickets = tickets + (r.nextDouble() < 0.051 ? 1 : 0);
            double z = -1.95 + 0.70 * n.failedPayments + 0.52 * n.tickets + (n.watchHours < 30.0 ? 0.75 : 0.0);
            n.churn = r.nextDouble() < sigmoid(z);
            return n;
        }
    }

    private static int monthsActive(Random r, int contract) {
        double u = r.nextDouble();
        switch (contract) {
            case 0: // month-to-month: many brand-new users, then a long exponential tail
                if (u < 0.135) {
                    return 1;
                }
                return 1 + (int) truncatedExponential(r, 23.0, 72.0);
            case 1: // one year: density growing like sqrt(months)
                if (u < 0.003) {
                    return 0;
                }
                return (int) clamp((long) StrictMath.ceil(72.0 * StrictMath.pow(r.nextDouble(), 1.0 / 1.5)), 1, 72);
            default: // two year: a peak at the maximum, long tail towards new users
                if (u < 0.006) {
                    return 0;
                }
                if (u < 0.196) {
                    return 72;
                }
                double back = r.nextDouble() < 0.75 ? truncatedExponential(r, 12.0, 72.0) : 72.0 * r.nextDouble();
                return (int) clamp(71 - (long) back, 1, 71);
        }
    }

    private static int netService(Random r, int contract, double tenure, boolean senior) {
        double noNet = StrictMath.exp(NO_NET_BY_CONTRACT[contract] + NO_NET_TENURE * tenure
            + (senior ? NO_NET_SENIOR : 0.0));
        double fiber = StrictMath.exp(FIBER_BY_CONTRACT[contract] + FIBER_TENURE * tenure
            + (senior ? FIBER_SENIOR : 0.0));
        double u = r.nextDouble() * (1.0 + noNet + fiber);
        return u < noNet ? NO_NET : u < noNet + 1.0 ? DSL : FIBER;
    }

    /**
     * Fee in whole nickels: a base price per net service, 5.00 per extra (more of them the longer
     * the tenure), a phone line (and a second one), 10.00 per streaming plan.
     */
    private static long monthlyFeeCents(Random r, int net, boolean tv, boolean movies, double tenure) {
        double fee;
        if (net == NO_NET) {
            boolean multiLine = r.nextDouble() < 0.05 + 0.40 * tenure;
            fee = multiLine
                ? clampD(24.85 + 0.95 * r.nextGaussian(), 22.5, 26.9)
                : clampD(19.95 + 0.55 * r.nextGaussian(), 18.25, 21.5);
        } else {
            boolean dsl = net == DSL;
            double pExtra = dsl ? 0.10 + 0.69 * tenure : 0.05 + 0.60 * tenure;
            int extras = 0;
            for (int k = 0; k < 4; k++) {
                extras += r.nextDouble() < pExtra ? 1 : 0;
            }
            boolean phone = !dsl || r.nextDouble() < 0.74;
            boolean multiLine = phone && r.nextDouble() < (dsl ? 0.15 : 0.25) + 0.50 * tenure;
            fee = (dsl ? 23.45 : 67.75) + (dsl ? 5.0 : 7.3) * r.nextDouble() + 5.0 * extras
                + (dsl && phone ? 19.5 : 0.0) + (multiLine ? 5.0 : 0.0)
                + (tv ? 10.0 : 0.0) + (movies ? 10.0 : 0.0);
        }
        long nickels = StrictMath.round(clampD(fee, 18.25, 118.75) * 20.0);
        return nickels * 5;
    }

    private static long totalPaidCents(Random r, long feeCents, int months) {
        if (months == 0) {
            return 0;
        }
        if (months == 1) {
            return feeCents;
        }
        double ratio = clampD(1.0 + 0.21 / StrictMath.sqrt(months) * r.nextGaussian(), 0.65, 1.6);
        return StrictMath.round(feeCents * months * ratio / 5.0) * 5;
    }

    /** One run-wide value: the exports carry the same average session length for every user. */
    private static double sessionMinutes(long seed) {
        return 24.0 + 10.0 * rng(seed, -1, 0).nextDouble();
    }

    // ---------------------------------------------------------------- ids and random streams

    /** A keyed bijection of [0, ID_SPACE) (Feistel network with cycle walking), so ids are unique. */
    static String userId(long seed, long index) {
        long x = index;
        do {
            long left = x >>> HALF_BITS;
            long right = x & HALF_MASK;
            for (int round = 0; round < FEISTEL_ROUNDS; round++) {
                long f = mix64(mix64(seed + 0x5EED_1D5L * (round + 1)) ^ right) & HALF_MASK;
                long t = right;
                right = left ^ f;
                left = t;
            }
            x = (left << HALF_BITS) | right;
        } while (x >= ID_SPACE);
        char[] c = new char[10];
        long digits = x / LETTER_SPACE;
        long letters = x % LETTER_SPACE;
        for (int i = 3; i >= 0; i--) {
            c[i] = (char) ('0' + digits % 10);
            digits /= 10;
        }
        c[4] = '-';
        for (int i = 9; i >= 5; i--) {
            c[i] = (char) ('A' + letters % 26);
            letters /= 26;
        }
        return new String(c);
    }

    /** Independent stream for (seed, user, month): month 0 is the user's profile. */
    private static Random rng(long seed, long index, long month) {
        long h = mix64(seed ^ 0x9E3779B97F4A7C15L);
        h = mix64(h ^ (index * 0xC2B2AE3D27D4EB4FL));
        h = mix64(h ^ (month * 0x165667B19E3779F9L));
        return new Random(h);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- sampling helpers

    private static int pick(Random r, double[] p) {
        double u = r.nextDouble();
        double acc = 0.0;
        for (int i = 0; i < p.length - 1; i++) {
            acc += p[i];
            if (u < acc) {
                return i;
            }
        }
        return p.length - 1;
    }

    private static int poisson(Random r, double lambda) {
        double limit = StrictMath.exp(-lambda);
        double p = 1.0;
        int k = -1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k;
    }

    /** Exponential with the given mean, conditioned on being below {@code max}. */
    private static double truncatedExponential(Random r, double mean, double max) {
        double mass = -StrictMath.expm1(-max / mean);
        double x = -mean * StrictMath.log1p(-r.nextDouble() * mass);
        return StrictMath.min(x, StrictMath.nextDown(max));
    }

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + StrictMath.exp(-z));
    }

    private static long clamp(long v, long lo, long hi) {
        return StrictMath.max(lo, StrictMath.min(hi, v));
    }

    private static double clampD(double v, double lo, double hi) {
        return StrictMath.max(lo, StrictMath.min(hi, v));
    }

    // ---------------------------------------------------------------- value formats

    private static String bool(boolean b) {
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
