package dev.gavel.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairwiseAgreementTest {
    @Test
    void accuracyWithAndWithoutTies() {
        int[] ref = {1, 2, 0, 1};
        int[] pred = {1, 1, 0, 0};
        assertEquals(0.5, PairwiseAgreement.accuracy(ref, pred)); // items 0 and 2 agree
        // items 2 (both tie) and 3 (judge tie) drop out; of items 0, 1 one agrees
        assertEquals(0.5, PairwiseAgreement.accuracyWithoutTies(ref, pred));
        assertEquals(1.0, PairwiseAgreement.accuracyWithoutTies(new int[]{1, 0}, new int[]{1, 2}));
        assertTrue(Double.isNaN(PairwiseAgreement.accuracyWithoutTies(new int[]{0}, new int[]{1})));
    }

    @Test
    void positionalConsistency() {
        // a judge that always picks the first slot names response 1, then (swapped) response 2
        assertEquals(0.0, PairwiseAgreement.positionalConsistency(new int[]{1, 1}, new int[]{2, 2}));
        assertEquals(2.0 / 3, PairwiseAgreement.positionalConsistency(new int[]{1, 2, 1}, new int[]{1, 2, 2}), 1e-12);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> PairwiseAgreement.accuracy(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> PairwiseAgreement.positionalConsistency(new int[]{1}, new int[0]));
    }
}
