package dev.gavel.eval;

/**
 * ProcessBench's score: accuracy on the erroneous solutions (the predicted first wrong step must
 * equal the labelled one exactly), accuracy on the correct ones (the judge must say -1), and their
 * harmonic mean.
 *
 * @param errorAccuracy   accuracy on items whose label is a step index; NaN when there are none
 * @param correctAccuracy accuracy on items labelled -1; NaN when there are none
 * @param f1              harmonic mean of the two; 0 when both are 0, NaN when either is NaN
 * @param erroneous       number of items with a wrong step
 * @param correct         number of items without one
 */
public record ProcessBenchScore(double errorAccuracy, double correctAccuracy, double f1, int erroneous, int correct) {
    /** Label of a solution with no wrong step. */
    public static final int NO_ERROR = -1;

    public static ProcessBenchScore of(int[] labels, int[] predicted) {
        Samples.requirePaired(labels.length, predicted.length, "ProcessBench F1");
        int nErr = 0, okErr = 0, nCor = 0, okCor = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean match = labels[i] == predicted[i];
            if (labels[i] == NO_ERROR) {
                nCor++;
                okCor += match ? 1 : 0;
            } else {
                nErr++;
                okErr += match ? 1 : 0;
            }
        }
        double a1 = nErr == 0 ? Double.NaN : (double) okErr / nErr;
        double a2 = nCor == 0 ? Double.NaN : (double) okCor / nCor;
        double f1 = Double.isNaN(a1) || Double.isNaN(a2) ? Double.NaN : a1 + a2 == 0 ? 0 : 2 * a1 * a2 / (a1 + a2);
        return new ProcessBenchScore(a1, a2, f1, nErr, nCor);
    }
}
