package dev.gavel.engine;

/**
 * The exponential used for softmax work over whole logits rows. {@link Math#exp} is exact to an
 * ulp but costs several nanoseconds, which over 150k logits per sequence per step dominates the
 * decoding work; probabilities need far less precision. Range reduction to {@code 2^n * e^r} with
 * {@code |r| <= ln(2)/2} and a degree-7 Taylor polynomial keep the relative error below 1e-8, in
 * plain arithmetic that is deterministic on every JVM.
 */
final class FastExp {

    private static final double LOG2_E = 1.4426950408889634;
    private static final double LN_2 = 0.6931471805599453;

    private FastExp() {
    }

    static double exp(double x) {
        double t = x * LOG2_E;
        double n = Math.rint(t);
        if (n < -1022) {
            // also -infinity: below the normal range the mass is irrelevant
            return 0.0;
        }
        if (n > 1023) {
            return Double.POSITIVE_INFINITY;
        }
        double r = (t - n) * LN_2;
        double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
                + r * (1.0 / 720 + r * (1.0 / 5040)))))));
        return p * Double.longBitsToDouble(((long) n + 1023) << 52);
    }
}
