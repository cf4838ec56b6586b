package dev.gavel.engine;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastExpTest {

    @Test
    void agreesWithMathExpToTheStatedPrecision() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 1_000_000; i++) {
            double x = r.nextDouble(-700, 700);
            double expected = Math.exp(x);
            double relative = Math.abs(FastExp.exp(x) - expected) / expected;
            assertTrue(relative < 1e-8, "x=" + x + " relative error " + relative);
        }
        assertEquals(1.0, FastExp.exp(0), 1e-15);
    }

    @Test
    void handlesInfinitiesAndExtremes() {
        assertEquals(0.0, FastExp.exp(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, FastExp.exp(-1e6));
        assertEquals(Double.POSITIVE_INFINITY, FastExp.exp(1e6));
        assertTrue(Double.isNaN(FastExp.exp(Double.NaN)));
    }
}
