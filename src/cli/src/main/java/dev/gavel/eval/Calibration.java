package dev.gavel.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Reliability of a judge's confidence: items are binned by confidence (e.g. the probability of the
 * chosen label) into equal-width bins over [0, 1], and each bin's mean confidence is set against
 * how often the judge actually agreed with the reference there.
 */
public final class Calibration {
    private Calibration() {
    }

    /**
     * One confidence bin.
     *
     * @param lower          bin's lower edge (inclusive)
     * @param upper          bin's upper edge (exclusive, except 1.0 for the last bin)
     * @param count          items in the bin
     * @param meanConfidence mean confidence of those items; NaN when empty
     * @param agreement      fraction of those items that agree with the reference; NaN when empty
     */
    public record Bin(double lower, double upper, int count, double meanConfidence, double agreement) {
    }

    public static List<Bin> bins(double[] confidence, boolean[] agrees, int bins) {
        Samples.requirePaired(confidence.length, agrees.length, "calibration");
        if (bins < 1) {
            throw new IllegalArgumentException("need at least one bin, got " + bins);
        }
        int[] n = new int[bins];
        double[] conf = new double[bins];
        int[] ok = new int[bins];
        for (int i = 0; i < confidence.length; i++) {
            double c = confidence[i];
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("confidence " + i + " is outside [0, 1]: " + c);
            }
            int b = Math.min(bins - 1, (int) (c * bins));
            n[b]++;
            conf[b] += c;
            ok[b] += agrees[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new Bin((double) b / bins, (double) (b + 1) / bins, n[b],
                    n[b] == 0 ? Double.NaN : conf[b] / n[b], n[b] == 0 ? Double.NaN : (double) ok[b] / n[b]));
        }
        return List.copyOf(out);
    }

    /** Expected calibration error: count-weighted mean |agreement - confidence| over non-empty bins. */
    public static double expectedCalibrationError(List<Bin> bins) {
        long total = 0;
        double sum = 0;
        for (Bin b : bins) {
            if (b.count() > 0) {
                total += b.count();
                sum += b.count() * Math.abs(b.agreement() - b.meanConfidence());
            }
        }
        return total == 0 ? Double.NaN : sum / total;
    }
}
