package dev.gavel.eval;

/**
 * Agreement measures specific to pairwise verdicts (1 = first better, 2 = second, 0 = tie).
 */
public final class PairwiseAgreement {
    /** The tie verdict. */
    public static final int TIE = 0;

    private PairwiseAgreement() {
    }

    /** Fraction of items where the verdict equals the reference, ties included as a verdict. */
    public static double accuracy(int[] reference, int[] predicted) {
        Samples.requirePaired(reference.length, predicted.length, "accuracy");
        int correct = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / reference.length;
    }

    /**
     * Accuracy over the items where neither the reference nor the judge says tie (the "without
     * tie" setting of MT-Bench's agreement study). NaN when every item involves a tie.
     */
    public static double accuracyWithoutTies(int[] reference, int[] predicted) {
        Samples.requirePaired(reference.length, predicted.length, "accuracy without ties");
        int kept = 0, correct = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] != TIE && predicted[i] != TIE) {
                kept++;
                if (reference[i] == predicted[i]) {
                    correct++;
                }
            }
        }
        return kept == 0 ? Double.NaN : (double) correct / kept;
    }

    /**
     * Positional consistency: the fraction of items whose verdict is the same when the judge sees
     * the responses in the original and in the swapped order. Both arrays name the winner in the
     * dataset's own order, so a judge that always prefers the first slot scores 0.
     */
    public static double positionalConsistency(int[] original, int[] swapped) {
        Samples.requirePaired(original.length, swapped.length, "positional consistency");
        int same = 0;
        for (int i = 0; i < original.length; i++) {
            if (original[i] == swapped[i]) {
                same++;
            }
        }
        return (double) same / original.length;
    }
}
