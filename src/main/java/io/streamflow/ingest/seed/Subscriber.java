package io.streamflow.ingest.seed;

import static io.streamflow.ingest.seed.Draws.clamp;
import static io.streamflow.ingest.seed.Draws.clampD;
import static io.streamflow.ingest.seed.Draws.pick;
import static io.streamflow.ingest.seed.Draws.poisson;
import static io.streamflow.ingest.seed.Draws.rng;
import static io.streamflow.ingest.seed.Draws.sigmoid;
import static io.streamflow.ingest.seed.Draws.truncatedExponential;

import java.time.LocalDate;
import java.util.Random;

/**
 * The static part of a generated user: everything in users.csv and subscriptions.csv, plus its month-0 activity,
 * drawn with the shares and dependencies of the original exports.
 */
final class Subscriber {

    static final String[] CONTRACTS = {"Month-to-month", "One year", "Two year"};
    static final String[] NETS = {"No", "DSL", "Fiber optic"};
    static final int NO_NET = 0;
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

    private static final LocalDate LATEST_SIGNUP = LocalDate.of(2022, 2, 6);
    private static final LocalDate EARLIEST_SIGNUP = LocalDate.of(2022, 1, 1);

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
        s.id = UserIds.of(seed, index);
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
}
