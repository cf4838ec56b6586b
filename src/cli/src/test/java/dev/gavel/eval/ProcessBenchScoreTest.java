package dev.gavel.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessBenchScoreTest {
    @Test
    void harmonicMeanOfTheTwoAccuracies() {
        // correct items (-1): 1 of 2 right; erroneous: item 2 exact, item 3 said step 1 instead of 2
        ProcessBenchScore s = ProcessBenchScore.of(new int[]{-1, -1, 0, 2, 1}, new int[]{-1, 1, 0, 1, 1});
        assertEquals(2.0 / 3, s.errorAccuracy(), 1e-12);
        assertEquals(0.5, s.correctAccuracy(), 1e-12);
        assertEquals(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), s.f1(), 1e-12); // = 4/7
        assertEquals(3, s.erroneous());
        assertEquals(2, s.correct());
    }

    @Test
    void edgeCases() {
        assertEquals(0.0, ProcessBenchScore.of(new int[]{-1, 0}, new int[]{0, -1}).f1());
        ProcessBenchScore onlyErrors = ProcessBenchScore.of(new int[]{0, 1}, new int[]{0, 1});
        assertEquals(1.0, onlyErrors.errorAccuracy());
        assertTrue(Double.isNaN(onlyErrors.correctAccuracy()));
        assertTrue(Double.isNaN(onlyErrors.f1()));
        assertThrows(IllegalArgumentException.class, () -> ProcessBenchScore.of(new int[]{0}, new int[]{0, 1}));
    }
}
