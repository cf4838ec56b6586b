package dev.gavel.eval;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Correlation of judge scores with reference scores, computed with commons-math3: Pearson,
 * Spearman (average ranks for ties) and Kendall's tau-b (corrected for ties in either input).
 *
 * <p>A correlation is undefined when either input is constant or has a single value; those cases
 * return {@link Double#NaN} on purpose, checked here rather than left to the library, so that
 * callers can report "undefined" instead of a number. Empty, mismatched or non-finite inputs throw
 * {@link IllegalArgumentException}.
 */
public final class Correlations {
    private Correlations() {
    }

    public static double pearson(double[] x, double[] y) {
        return defined(x, y, "pearson") ? new PearsonsCorrelation().correlation(x, y) : Double.NaN;
    }

    public static double spearman(double[] x, double[] y) {
        return defined(x, y, "spearman") ? new SpearmansCorrelation().correlation(x, y) : Double.NaN;
    }

    /** Kendall's tau-b, which divides by the number of pairs untied in each input. */
    public static double kendallTauB(double[] x, double[] y) {
        return defined(x, y, "kendall") ? new KendallsCorrelation().correlation(x, y) : Double.NaN;
    }

    private static boolean defined(double[] x, double[] y, String what) {
        Samples.requirePaired(x.length, y.length, what);
        Samples.requireFinite(x, what);
        Samples.requireFinite(y, what);
        return !constant(x) && !constant(y);
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }
}
