package dev.gavel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScoreDistributionTest {

    @Test
    void derivedValuesFollowTheRenormalisedDistribution() {
        ScoreDistribution d = new ScoreDistribution(List.of("1", "2", "3", "4"), new double[] {0.1, 0.3, 0.3, 0.1}, 0.8);
        assertArrayEquals(new double[] {0.125, 0.375, 0.375, 0.125}, d.normalized(), 1e-12);
        assertEquals(2.5, d.expectedValue().orElseThrow(), 1e-12);
        assertEquals("2", d.argmax(), "ties go to the earlier option");
        double h = -2 * 0.125 * Math.log(0.125) - 2 * 0.375 * Math.log(0.375);
        assertEquals(h, d.entropy(), 1e-12);
    }

    @Test
    void whatItShowsIsTheNormalisedDistributionAsTheCommandLineWritesIt() {
        ScoreDistribution d = new ScoreDistribution(List.of("1", "2"), new double[] {0.25, 0.75}, 0.5);
        assertEquals(java.util.Map.of("1", 0.25, "2", 0.75), d.probabilities());
        assertEquals(List.of("1", "2"), List.copyOf(d.probabilities().keySet()), "in the options' order");
        assertEquals("{1=0.25, 2=0.75} (allowed mass 0.5)", d.toString());
        ScoreDistribution half = new ScoreDistribution(List.of("1", "2"), new double[] {0.125, 0.375}, 0.5);
        assertEquals(0.75, half.probabilities().get("2"), 1e-12, "renormalised over the options");
    }

    @Test
    void nonNumericOptionsHaveNoExpectedValueAndZeroMassIsUniform() {
        ScoreDistribution d = new ScoreDistribution(List.of("A", "B"), new double[] {0, 0}, 0);
        assertFalse(d.expectedValue().isPresent());
        assertArrayEquals(new double[] {0.5, 0.5}, d.normalized(), 0);
        assertEquals(Math.log(2), d.entropy(), 1e-12);
    }

    @Test
    void isImmutableAndValidated() {
        double[] mass = {0.2, 0.1};
        ScoreDistribution d = new ScoreDistribution(List.of("-1", "0"), mass, 0.3);
        mass[0] = 9;
        d.optionMass()[1] = 9;
        assertArrayEquals(new double[] {0.2, 0.1}, d.optionMass(), 0);
        assertEquals(d, new ScoreDistribution(List.of("-1", "0"), new double[] {0.2, 0.1}, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new ScoreDistribution(List.of("a"), new double[] {-1}, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreDistribution(List.of("a"), new double[2], 0));
    }
}
