package io.streamflow.ingest.seed;

import static io.streamflow.ingest.seed.Draws.poisson;
import static io.streamflow.ingest.seed.Draws.sigmoid;

import java.util.Random;

/** The drifting part of a user: usage, payments, support and label of one month. */
final class Activity {
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
