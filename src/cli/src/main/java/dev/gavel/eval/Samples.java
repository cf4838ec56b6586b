package dev.gavel.eval;

/** Argument checks shared by the metrics: every metric rejects empty and mismatched inputs alike. */
final class Samples {
    private Samples() {
    }

    static void requirePaired(int a, int b, String what) {
        if (a == 0 || b == 0) {
            throw new IllegalArgumentException(what + ": empty input");
        }
        if (a != b) {
            throw new IllegalArgumentException(what + ": inputs differ in length (" + a + " vs " + b + ")");
        }
    }

    static void requireFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": value " + i + " is not finite: " + values[i]);
            }
        }
    }
}
