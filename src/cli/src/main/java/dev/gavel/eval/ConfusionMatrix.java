package dev.gavel.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Counts of (reference label, predicted label) over a fixed list of classes. A prediction outside
 * the classes (e.g. an unparsed verdict kept as such) lands in an extra "other" column: it is
 * wrong for accuracy and a miss for its reference class, but no class's false positive.
 */
public final class ConfusionMatrix {
    private final List<Integer> classes;
    private final long[][] counts; // [reference][predicted], last column = other

    private ConfusionMatrix(List<Integer> classes, long[][] counts) {
        this.classes = classes;
        this.counts = counts;
    }

    /**
     * Tallies paired labels.
     *
     * @throws IllegalArgumentException on empty or mismatched inputs, duplicate classes, or a
     *                                  reference label outside {@code classes}
     */
    public static ConfusionMatrix of(int[] reference, int[] predicted, List<Integer> classes) {
        Samples.requirePaired(reference.length, predicted.length, "confusion matrix");
        if (classes.isEmpty() || classes.stream().distinct().count() != classes.size()) {
            throw new IllegalArgumentException("classes must be non-empty and distinct: " + classes);
        }
        long[][] counts = new long[classes.size()][classes.size() + 1];
        for (int i = 0; i < reference.length; i++) {
            int r = classes.indexOf(reference[i]);
            if (r < 0) {
                throw new IllegalArgumentException("reference label " + reference[i] + " (item " + i
                        + ") is not one of the classes " + classes);
            }
            int p = classes.indexOf(predicted[i]);
            counts[r][p < 0 ? classes.size() : p]++;
        }
        return new ConfusionMatrix(List.copyOf(classes), counts);
    }

    /** The classes, in row/column order. */
    public List<Integer> classes() {
        return classes;
    }

    /** Items with this reference label that were predicted as {@code predicted}. */
    public long count(int reference, int predicted) {
        return counts[index(reference)][index(predicted)];
    }

    /** Items with this reference label whose prediction was outside the classes. */
    public long other(int reference) {
        return counts[index(reference)][classes.size()];
    }

    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    long predictedAs(int predicted) {
        int p = index(predicted);
        return Arrays.stream(counts).mapToLong(row -> row[p]).sum();
    }

    long withReference(int reference) {
        return Arrays.stream(counts[index(reference)]).sum();
    }

    private int index(int label) {
        int i = classes.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("label " + label + " is not one of the classes " + classes);
        }
        return i;
    }
}
