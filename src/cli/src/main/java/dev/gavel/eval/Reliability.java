package dev.gavel.eval;

import java.util.List;

/** Adapts collected (confidence, agreement) pairs to {@link Calibration}; empty when there are none. */
final class Reliability {
    private Reliability() {
    }

    static List<Calibration.Bin> bins(List<Double> confidence, List<Boolean> agrees, int bins) {
        if (confidence.isEmpty()) {
            return List.of();
        }
        double[] c = confidence.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] a = new boolean[agrees.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = agrees.get(i);
        }
        return Calibration.bins(c, a, bins);
    }
}
