package io.streamflow.ingest.seed;

import static io.streamflow.ingest.seed.Draws.rng;
import static io.streamflow.ingest.seed.ExportValues.bool;
import static io.streamflow.ingest.seed.ExportValues.cents;
import static io.streamflow.ingest.seed.ExportValues.decimal;
import static io.streamflow.ingest.seed.ExportValues.tenths;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
        boolean hasNet = s.net != Subscriber.NO_NET;
        line(w[1], sb, s.id, Integer.toString(s.months), hasNet ? bool(s.tv) : "", hasNet ? bool(s.movies) : "",
            Subscriber.CONTRACTS[s.contract], bool(s.paperless), cents(s.feeCents), cents(s.totalCents), Subscriber.NETS[s.net]);
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

    /** One run-wide value: the exports carry the same average session length for every user. */
    private static double sessionMinutes(long seed) {
        return 24.0 + 10.0 * rng(seed, -1, 0).nextDouble();
    }

    // ---------------------------------------------------------------- ids and random streams

}
