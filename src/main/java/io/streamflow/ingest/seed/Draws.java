package io.streamflow.ingest.seed;

import java.util.Random;

/**
 * The random streams of the generator and the draws it makes from them. Only {@link StrictMath} is used, so a draw is
 * the same on any JVM.
 */
final class Draws {

    private Draws() {
    }

    /** Independent stream for (seed, user, month): month 0 is the user's profile. */
    static Random rng(long seed, long index, long month) {
        long h = mix64(seed ^ 0x9E3779B97F4A7C15L);
        h = mix64(h ^ (index * 0xC2B2AE3D27D4EB4FL));
        h = mix64(h ^ (month * 0x165667B19E3779F9L));
        return new Random(h);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int pick(Random r, double[] p) {
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

    static int poisson(Random r, double lambda) {
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
    static double truncatedExponential(Random r, double mean, double max) {
        double mass = -StrictMath.expm1(-max / mean);
        double x = -mean * StrictMath.log1p(-r.nextDouble() * mass);
        return StrictMath.min(x, StrictMath.nextDown(max));
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + StrictMath.exp(-z));
    }

    static long clamp(long v, long lo, long hi) {
        return StrictMath.max(lo, StrictMath.min(hi, v));
    }

    static double clampD(double v, double lo, double hi) {
        return StrictMath.max(lo, StrictMath.min(hi, v));
    }
}
