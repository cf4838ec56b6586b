package dev.gavel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Accuracy and macro-averaged precision, recall and F1 of predicted labels against reference
 * labels. A class with no predictions (or no reference items) gets precision (recall) 0 rather
 * than undefined, and the macro average still divides by the number of classes: that is what
 * PandaLM's published figures use, and scikit-learn's default.
 *
 * @param accuracy       fraction of items whose prediction equals the reference
 * @param macroPrecision mean of per-class precision
 * @param macroRecall    mean of per-class recall
 * @param macroF1        mean of per-class F1
 * @param perClass       scores of each class, in class order
 * @param confusion      the underlying counts
 */
public record ClassificationMetrics(double accuracy, double macroPrecision, double macroRecall, double macroF1,
                                    List<ClassScores> perClass, ConfusionMatrix confusion) {

    /**
     * Precision, recall and F1 of one class.
     *
     * @param support number of reference items of the class
     */
    public record ClassScores(int label, double precision, double recall, double f1, long support) {
    }

    public ClassificationMetrics {
        perClass = List.copyOf(perClass);
    }

    /** Metrics over the given classes (PandaLM: 0, 1, 2 whether or not all occur). */
    public static ClassificationMetrics of(int[] reference, int[] predicted, List<Integer> classes) {
        return of(ConfusionMatrix.of(reference, predicted, classes));
    }

    /** Metrics over the classes that occur in either input. */
    public static ClassificationMetrics of(int[] reference, int[] predicted) {
        Samples.requirePaired(reference.length, predicted.length, "classification metrics");
        TreeSet<Integer> present = new TreeSet<>();
        for (int i = 0; i < reference.length; i++) {
            present.add(reference[i]);
            present.add(predicted[i]);
        }
        return of(reference, predicted, List.copyOf(present));
    }

    /** Metrics from already tallied counts. */
    public static ClassificationMetrics of(ConfusionMatrix m) {
        List<ClassScores> scores = new ArrayList<>();
        long correct = 0;
        double p = 0, r = 0, f = 0;
        for (int c : m.classes()) {
            long tp = m.count(c, c);
            correct += tp;
            double precision = ratio(tp, m.predictedAs(c));
            double recall = ratio(tp, m.withReference(c));
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.add(new ClassScores(c, precision, recall, f1, m.withReference(c)));
            p += precision;
            r += recall;
            f += f1;
        }
        int k = m.classes().size();
        return new ClassificationMetrics((double) correct / m.total(), p / k, r / k, f / k, scores, m);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }
}
