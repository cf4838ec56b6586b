package dev.gavel.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected values are worked by hand in the comments, independently of commons-math. */
class CorrelationsTest {
    private static final double EPS = 1e-9;

    @Test
    void pearsonOfThreePoints() {
        // dx = -1,0,1; dy = -4/3,-1/3,5/3; Sxy = 3, Sxx = 2, Syy = 14/3 -> r = 3 / sqrt(28/3)
        assertEquals(3 / Math.sqrt(28.0 / 3), Correlations.pearson(new double[]{1, 2, 3}, new double[]{1, 2, 4}), EPS);
    }

    @Test
    void spearmanAveragesTiedRanks() {
        // ranks x = 1, 2.5, 2.5, 4; ranks y = 1, 3, 2, 4; Sxy = 4.5, Sxx = 4.5, Syy = 5 -> 4.5 / sqrt(22.5)
        assertEquals(4.5 / Math.sqrt(22.5),
                Correlations.spearman(new double[]{1, 2, 2, 3}, new double[]{1, 3, 2, 4}), EPS);
    }

    @Test
    void kendallTauBCorrectsForTies() {
        // 6 pairs: 5 concordant, 0 discordant, 1 tied in x only -> 5 / sqrt((6-1)(6-0)); tau-a would be 5/6
        assertEquals(5 / Math.sqrt(30), Correlations.kendallTauB(new double[]{1, 2, 2, 3}, new double[]{1, 3, 2, 4}), EPS);
        // pairs (1,2) C, (1,3) C, (2,3) D -> (2 - 1) / 3
        assertEquals(1.0 / 3, Correlations.kendallTauB(new double[]{1, 2, 3}, new double[]{1, 3, 2}), EPS);
    }

    @Test
    void twoPointsArePerfectlyCorrelated() {
        double[] x = {1, 2};
        double[] y = {3, 1};
        assertEquals(-1, Correlations.pearson(x, y), EPS);
        assertEquals(-1, Correlations.spearman(x, y), EPS);
        assertEquals(-1, Correlations.kendallTauB(x, y), EPS);
    }

    @Test
    void constantOrSingleInputIsUndefined() {
        double[] constant = {4, 4, 4};
        double[] varying = {1, 2, 3};
        assertTrue(Double.isNaN(Correlations.pearson(constant, varying)));
        assertTrue(Double.isNaN(Correlations.spearman(varying, constant)));
        assertTrue(Double.isNaN(Correlations.kendallTauB(constant, varying)));
        assertTrue(Double.isNaN(Correlations.pearson(new double[]{1}, new double[]{2})));
    }

    @Test
    void rejectsEmptyMismatchedAndNonFiniteInput() {
        assertThrows(IllegalArgumentException.class, () -> Correlations.pearson(new double[0], new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Correlations.spearman(new double[]{1, 2}, new double[]{1, 2, 3}));
        assertTrue(e.getMessage().contains("2 vs 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Correlations.kendallTauB(new double[]{1, Double.NaN}, new double[]{1, 2}));
    }
}
