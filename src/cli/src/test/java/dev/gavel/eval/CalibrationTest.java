package dev.gavel.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {
    @Test
    void binsAndExpectedCalibrationError() {
        // two bins: [0, .5) gets 0.2 (wrong) and 0.4 (right); [.5, 1] gets 0.9 (right) and 1.0 (right)
        List<Calibration.Bin> bins = Calibration.bins(new double[]{0.2, 0.4, 0.9, 1.0},
                new boolean[]{false, true, true, true}, 2);
        assertEquals(2, bins.get(0).count());
        assertEquals(0.3, bins.get(0).meanConfidence(), 1e-12);
        assertEquals(0.5, bins.get(0).agreement(), 1e-12);
        assertEquals(0.95, bins.get(1).meanConfidence(), 1e-12);
        assertEquals(1.0, bins.get(1).agreement(), 1e-12);
        // ECE = (2 * |0.5 - 0.3| + 2 * |1 - 0.95|) / 4 = 0.125
        assertEquals(0.125, Calibration.expectedCalibrationError(bins), 1e-12);
    }

    @Test
    void emptyBinsAreUndefined() {
        List<Calibration.Bin> bins = Calibration.bins(new double[]{0.95}, new boolean[]{true}, 10);
        assertTrue(Double.isNaN(bins.get(0).agreement()));
        assertEquals(1, bins.get(9).count());
        assertThrows(IllegalArgumentException.class, () -> Calibration.bins(new double[]{1.5}, new boolean[]{true}, 2));
        assertThrows(IllegalArgumentException.class, () -> Calibration.bins(new double[0], new boolean[0], 2));
    }
}
