package dev.gavel;

import dev.gavel.InputTooLongException.Remedy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The message of an input that is too long: numbers, circumstance and remedies, worded by the caller. */
class InputTooLongExceptionTest {
    @Test
    void theMessageListsTheRemediesInOptionTermsOrInTheCallersOwn() {
        InputTooLongException e = new InputTooLongException(4000, 262, 4096, null, List.of(Remedy.SHORTEN_RESPONSE,
                Remedy.LOWER_FEEDBACK_TOKENS, Remedy.RAISE_CONTEXT_SIZE, Remedy.ELIDE_RESPONSE_MIDDLE));
        assertEquals("judge prompt is 4000 tokens + 262 reserved for the answer = 4262, over the context of 4096 by"
                + " 166 tokens; shorten the response, lower feedbackTokens, raise contextSize, or set longInput to"
                + " ELIDE_RESPONSE_MIDDLE", e.getMessage());
        assertEquals(166, e.excess());
        assertEquals(JudgeException.Reason.INPUT_TOO_LONG, e.reason());
        assertEquals("judge prompt is 4000 tokens + 262 reserved for the answer = 4262, over the context of 4096 by"
                + " 166 tokens; 1, 2, 3, or 4", e.message(r -> Integer.toString(r.ordinal() + 1)));
    }

    @Test
    void aCircumstanceComesBeforeTwoRemedies() {
        InputTooLongException e = new InputTooLongException(10, 5, 12, "step solutions are never elided",
                List.of(Remedy.RAISE_CONTEXT_SIZE, Remedy.LOWER_FEEDBACK_TOKENS));
        assertEquals("judge prompt is 10 tokens + 5 reserved for the answer = 15, over the context of 12 by 3 tokens;"
                + " step solutions are never elided; raise contextSize or lower feedbackTokens", e.getMessage());
        InputTooLongException refused = new InputTooLongException(20, 0, 12, "the engine refused it", List.of());
        assertEquals("judge prompt is 20 tokens + 0 reserved for the answer = 20, over the context of 12 by 8 tokens;"
                + " the engine refused it", refused.getMessage());
    }
}
