package dev.gavel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one mode enum: its ids and the spellings users write. */
class JudgeModeTest {
    @Test
    void idsAndSpellings() {
        assertEquals("feedback-then-score", JudgeMode.FEEDBACK_THEN_SCORE.id());
        assertEquals("score-only", JudgeMode.SCORE_ONLY.id());
        for (String s : new String[] {"feedback", "Feedback-Then-Score", "FEEDBACK_THEN_SCORE"}) {
            assertEquals(JudgeMode.FEEDBACK_THEN_SCORE, JudgeMode.parse(s), s);
        }
        for (String s : new String[] {"score", " score-only ", "SCORE_ONLY"}) {
            assertEquals(JudgeMode.SCORE_ONLY, JudgeMode.parse(s), s);
        }
        assertEquals("unknown mode 'fast'; use feedback or score-only",
                assertThrows(IllegalArgumentException.class, () -> JudgeMode.parse("fast")).getMessage());
    }
}
