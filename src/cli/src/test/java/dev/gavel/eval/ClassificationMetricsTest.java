package dev.gavel.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassificationMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void macroScoresOfASmallExample() {
        int[] ref = {0, 1, 2, 1, 2, 2};
        int[] pred = {1, 1, 2, 2, 2, 0};
        // class 0: TP 0 -> P = R = F = 0
        // class 1: TP 1, predicted 2, actual 2 -> P = R = F = 1/2
        // class 2: TP 2, predicted 3, actual 3 -> P = R = F = 2/3
        ClassificationMetrics m = ClassificationMetrics.of(ref, pred, List.of(0, 1, 2));
        double macro = (0 + 0.5 + 2.0 / 3) / 3;
        assertEquals(0.5, m.accuracy(), EPS);
        assertEquals(macro, m.macroPrecision(), EPS);
        assertEquals(macro, m.macroRecall(), EPS);
        assertEquals(macro, m.macroF1(), EPS);
        assertEquals(3, m.perClass().get(2).support());
        assertEquals(1, m.confusion().count(2, 0));
        assertEquals(6, m.confusion().total());
    }

    @Test
    void absentClassStillCountsInTheFixedAverage() {
        int[] ref = {1, 2};
        int[] pred = {1, 1};
        // class 1: P = 1/2, R = 1, F = 2/3; class 2 never predicted: P = R = F = 0; class 0 absent: 0
        assertEquals(2.0 / 9, ClassificationMetrics.of(ref, pred, List.of(0, 1, 2)).macroF1(), EPS);
        // over the classes present only (1 and 2)
        assertEquals(1.0 / 3, ClassificationMetrics.of(ref, pred).macroF1(), EPS);
    }

    @Test
    void predictionOutsideTheClassesIsAMissNotAFalsePositive() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[]{1, 2}, new int[]{1, 9}, List.of(1, 2));
        assertEquals(0.5, m.accuracy(), EPS);
        assertEquals(1.0, m.perClass().get(0).precision(), EPS);
        assertEquals(0.0, m.perClass().get(1).recall(), EPS);
        assertEquals(1, m.confusion().other(2));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[]{1}, new int[]{1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(new int[]{5}, new int[]{1}, List.of(1, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(new int[]{1}, new int[]{1}, List.of(1, 1)));
    }
}
