package dev.gavel.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {
    private static final int[] COIN = {1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1}; // mean 0.65

    private static double mean(int[] sample) {
        double s = 0;
        for (int i : sample) {
            s += COIN[i];
        }
        return s / sample.length;
    }

    @Test
    void seededAndReproducible() {
        ConfidenceInterval a = new Bootstrap(500, 0.95, 1).interval(COIN.length, BootstrapTest::mean);
        ConfidenceInterval b = new Bootstrap(500, 0.95, 1).interval(COIN.length, BootstrapTest::mean);
        ConfidenceInterval c = new Bootstrap(500, 0.95, 2).interval(COIN.length, BootstrapTest::mean);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void intervalMatchesTheNormalApproximation() {
        // p = 0.65, n = 20: standard error sqrt(.65 * .35 / 20) = 0.1067, so the 95% interval spans
        // about ±0.21; the percentile bootstrap of a proportion lands close to that
        ConfidenceInterval ci = new Bootstrap(4000, 0.95, 3).interval(COIN.length, BootstrapTest::mean);
        assertEquals(0.65 - 0.209, ci.lower(), 0.05);
        assertEquals(0.65 + 0.209, ci.upper(), 0.05);
        assertEquals(4000, ci.defined());
    }

    @Test
    void percentileOfKnownResampleValues() {
        // statistic = first sampled index: uniform over 0..9, so the 2.5% and 97.5% quantiles are 0 and 9
        ConfidenceInterval ci = new Bootstrap(2000, 0.95, 5).interval(10, s -> s[0]);
        assertEquals(0.0, ci.lower());
        assertEquals(9.0, ci.upper());
    }

    @Test
    void undefinedResamplesAreLeftOut() {
        ConfidenceInterval none = new Bootstrap(50, 0.95, 1).interval(3, s -> Double.NaN);
        assertTrue(Double.isNaN(none.lower()));
        assertEquals(0, none.defined());
        // NaN whenever the sample starts with index 0 (about a third of resamples)
        ConfidenceInterval some = new Bootstrap(300, 0.95, 1).interval(3, s -> s[0] == 0 ? Double.NaN : 1.0);
        assertTrue(some.defined() > 150 && some.defined() < 250, "defined " + some.defined());
        assertEquals(1.0, some.lower());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(0, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(10, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of95(1).interval(0, s -> 0));
    }
}
