package dev.gavel.judge;

import dev.gavel.InputTooLongException.Remedy;
import dev.gavel.InputTooLongException;
import dev.gavel.JudgeException;
import dev.gavel.format.AnswerSpec;
import dev.gavel.format.PromptSegment;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.judge.recipe.PreparedPrompt;
import dev.gavel.testing.CharTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fitting and eliding on characters: a "request" is its response text, its prompt is a fixed
 * 20-character frame around the response, one token per character, with a 10-token answer.
 */
class ContextFitTest {
    static final String FRAME_HEAD = "<judge this text:>\n";
    static final String FRAME_TAIL = "\n";
    static final int ANSWER = 10;
    static final ResponseElision ELISION = new ResponseElision(new ResponseElision.Codec() {
        @Override
        public int[] encode(String text) {
            return text.codePoints().toArray();
        }

        @Override
        public String decode(int[] tokens, boolean atStart) {
            return CharTokenizer.text(tokens);
        }
    });
    static final Function<String, PreparedPrompt> PREPARE = response -> {
        RenderedPrompt p = new RenderedPrompt(List.of(PromptSegment.template(FRAME_HEAD), PromptSegment.content(response),
                PromptSegment.template(FRAME_TAIL)), AnswerSpec.feedbackThenScore("[RESULT] ", List.of("1", "2")),
                "test", "raw", "0".repeat(64));
        return new PreparedPrompt(p, CharTokenizer.INSTANCE.untrusted(p.text()), false, ANSWER);
    };

    private static ContextFit fit(int context, JudgeOptions.LongInputPolicy policy) {
        return new ContextFit(context, policy, ELISION, CharTokenizer.INSTANCE::untrusted);
    }

    private static PreparedPrompt fit(ContextFit fit, String response) throws InputTooLongException {
        return fit.fit(response, List.of(response), (r, texts) -> texts.getFirst(), PREPARE);
    }

    @Test
    void aPromptThatFitsIsLeftAlone() throws Exception {
        String response = "short enough";
        int needed = FRAME_HEAD.length() + response.length() + FRAME_TAIL.length() + ANSWER;
        PreparedPrompt p = fit(fit(needed, JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE), response);
        assertFalse(p.elided());
        assertEquals(needed, p.totalTokens(), "fits exactly");
    }

    @Test
    void failingLongInputNamesEveryRemedy() {
        String response = "x".repeat(100);
        InputTooLongException e = assertThrows(InputTooLongException.class,
                () -> fit(fit(64, JudgeOptions.LongInputPolicy.FAIL), response));
        assertEquals(JudgeException.Reason.INPUT_TOO_LONG, e.reason());
        assertEquals(FRAME_HEAD.length() + 100 + FRAME_TAIL.length(), e.promptTokens());
        assertEquals(ANSWER, e.budgetTokens());
        assertEquals(64, e.contextSize());
        assertEquals(List.of(Remedy.SHORTEN_RESPONSE, Remedy.LOWER_FEEDBACK_TOKENS, Remedy.RAISE_CONTEXT_SIZE,
                Remedy.ELIDE_RESPONSE_MIDDLE), e.remedies());
    }

    @Test
    void elidingCutsTheMiddleJustEnoughAndKeepsHeadAndTail() throws Exception {
        String response = "BEGIN " + "middle text ".repeat(40) + " END";
        int context = 200;
        PreparedPrompt p = fit(fit(context, JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE), response);
        assertTrue(p.elided());
        assertTrue(p.totalTokens() <= context, "fits: " + p.totalTokens());
        assertTrue(p.totalTokens() > context - 10, "cuts little more than needed: " + p.totalTokens());
        String text = p.prompt().text();
        assertTrue(text.startsWith(FRAME_HEAD + "BEGIN "), text);
        assertTrue(text.endsWith(" END" + FRAME_TAIL), text);
        assertTrue(text.matches("(?s).*\\n\\[\\.\\.\\. \\d+ tokens elided by Gavel \\.\\.\\.]\\n.*"), text);
    }

    @Test
    void aFrameTooLongForAnyCutFailsWithTheRemediesLeft() {
        InputTooLongException e = assertThrows(InputTooLongException.class,
                () -> fit(fit(25, JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE), "x".repeat(200)));
        assertEquals(List.of(Remedy.RAISE_CONTEXT_SIZE, Remedy.LOWER_FEEDBACK_TOKENS), e.remedies());
        assertTrue(e.getMessage().contains("even with the responses elided"), e.getMessage());
    }

    @Test
    void textThatIsNeverCutMustFitAsItIs() throws Exception {
        PreparedPrompt p = PREPARE.apply("steps");
        ContextFit roomy = fit(p.totalTokens(), JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE);
        assertSame(p, roomy.requireFits(p, "never cut"));
        InputTooLongException e = assertThrows(InputTooLongException.class,
                () -> fit(p.totalTokens() - 1, JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE).requireFits(p, "never cut"));
        assertEquals(1, e.excess());
        assertTrue(e.getMessage().contains("never cut; raise contextSize or lower feedbackTokens"), e.getMessage());
    }

    @Test
    void elisionSpreadsTheCutOverResponsesByLengthAndLeavesShortOnesWhole() {
        String longer = "a".repeat(300);
        String shorter = "b".repeat(150);
        String tiny = "c".repeat(10);
        List<String> texts = List.of(longer, shorter, tiny);
        List<String> cut = ELISION.cut(texts, texts.stream().map(CharTokenizer.INSTANCE::untrusted).toList(), 90);
        assertEquals(tiny, cut.get(2), "too short to pay for a marker");
        int marker = ResponseElision.marker(999_999).length();
        int removedLong = 300 - cut.get(0).replace(ResponseElision.marker(60 + marker), "").length();
        int removedShort = 150 - cut.get(1).replace(ResponseElision.marker(30 + marker), "").length();
        assertEquals(60 + marker, removedLong, cut.get(0));
        assertEquals(30 + marker, removedShort, "in proportion to length: " + cut.get(1));
        assertNull(ELISION.cut(List.of(tiny), List.of(CharTokenizer.INSTANCE.untrusted(tiny)), 5),
                "nothing long enough to cut");
    }
}
