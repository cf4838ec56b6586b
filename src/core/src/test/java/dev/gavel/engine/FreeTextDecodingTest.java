package dev.gavel.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeTextDecodingTest {

    private static final List<String> ONE_TO_FIVE = List.of("1", "2", "3", "4", "5");
    private final TestVocabulary vocab = new TestVocabulary();
    private final MaskCache cache = new MaskCache(vocab);

    private DecodingState state(int maxTokens, List<String> stops, ConstraintSpec constraint) {
        return new DecodingState(new GenerationSpec(maxTokens, SamplingParams.greedy(), stops, constraint), vocab, cache);
    }

    /** Greedy logits making {@code piece} the argmax. */
    private float[] want(String piece) {
        return vocab.logits(0f, piece, 10f);
    }

    @Test
    void unconstrainedStopsAtEndOfGeneration() {
        DecodingState s = state(10, List.of(), new ConstraintSpec.Unconstrained());
        s.next(want("Good"));
        s.next(want(" answer"));
        assertFalse(s.isFinished());
        assertEquals(vocab.id("<eot>"), s.next(want("<eot>")));
        assertEquals(FinishReason.EOG, s.finishReason());
        assertEquals("Good answer", s.text());
        assertEquals(3, s.generatedTokens());
        assertThrows(IllegalStateException.class, () -> s.next(want("a")));
    }

    @Test
    void stopStringSplitAcrossTokensIsExcludedWithWhatFollowsIt() {
        DecodingState s = state(10, List.of("STOP"), new ConstraintSpec.Unconstrained());
        s.next(want("ab"));
        s.next(want("S"));
        s.next(want("TO"));
        assertFalse(s.isFinished());
        assertEquals("abSTO", s.text());
        s.next(want("P!"));
        assertEquals(FinishReason.STOP_STRING, s.finishReason());
        assertEquals("ab", s.text());
    }

    @Test
    void earliestStopStringWins() {
        DecodingState s = state(10, List.of("bc", "ab"), new ConstraintSpec.Unconstrained());
        s.next(want("x"));
        s.next(want("abc"));
        assertEquals(FinishReason.STOP_STRING, s.finishReason());
        assertEquals("x", s.text());
    }

    @Test
    void budgetEndsGeneration() {
        DecodingState s = state(2, List.of(), new ConstraintSpec.Unconstrained());
        s.next(want("a"));
        s.next(want("b"));
        assertEquals(FinishReason.MAX_TOKENS, s.finishReason());
        assertEquals("ab", s.text());
    }

    @Test
    void characterSplitAcrossTokensDecodesOnceComplete() {
        DecodingState s = state(3, List.of(), new ConstraintSpec.Unconstrained());
        float[] first = new float[vocab.size()];
        first[0xC3] = 10f;
        s.next(first);
        assertEquals("", s.text(), "half a character is held back");
        float[] second = new float[vocab.size()];
        second[0xA9] = 10f;
        s.next(second);
        assertEquals("\u00e9", s.text());
        s.next(first);
        assertEquals("\u00e9\ufffd", s.text(), "an unfinished character at the end is replaced");
    }

    @Test
    void markerIsForcedWhenTheFreeTextBudgetRunsOut() {
        DecodingState s = state(20, List.of(), new ConstraintSpec.FreeTextThenChoice(3, "[RESULT] ", ONE_TO_FIVE));
        assertArrayEquals(new int[0], s.takeForcedTokens());
        s.next(vocab.logits(0f, "Good", 10f));
        // end of generation is banned in free text even when it is the model's favourite
        assertEquals(vocab.id(" answer"), s.next(vocab.logits(0f, "<eos>", 30f, "<eot>", 29f, " answer", 10f)));
        assertArrayEquals(new int[0], s.takeForcedTokens());
        s.next(want("\n"));
        assertThrows(IllegalStateException.class, () -> s.next(want("a")), "forced tokens must be taken first");
        assertArrayEquals(new int[] {vocab.id("[RESULT]")}, s.takeForcedTokens());
        assertArrayEquals(new int[0], s.takeForcedTokens());
        assertEquals(4, s.generatedTokens());
        assertEquals(vocab.id(" 4"), s.next(vocab.logits(0f, " 4", 10f, "Good", 20f)));
        assertEquals(FinishReason.CHOICE_MADE, s.finishReason());
        assertEquals("Good answer\n", s.text());
        assertEquals("4", s.choices().getFirst().option());
        assertEquals(" 4", s.choices().getFirst().surface());
        assertEquals(5, s.generatedTokens());
    }

    @Test
    void markerWrittenByTheModelAcrossTokensSwitchesToTheChoice() {
        DecodingState s = state(30, List.of(), new ConstraintSpec.FreeTextThenChoice(20, "[RESULT] ", ONE_TO_FIVE));
        for (String piece : List.of("Good", " ", "[RES", "ULT")) {
            s.next(want(piece));
            assertArrayEquals(new int[0], s.takeForcedTokens());
        }
        // "]." would complete the marker followed by something that is no option: banned
        assertNotEquals(vocab.id("]."), s.next(vocab.logits(0f, "].", 20f, "] ", 10f)));
        assertFalse(s.isFinished());
        assertArrayEquals(new int[0], s.takeForcedTokens(), "the model wrote the marker: nothing forced");
        s.next(vocab.logits(0f, "5", 10f, " 3", 9f));
        assertEquals(FinishReason.CHOICE_MADE, s.finishReason());
        assertEquals("Good ", s.text());
        assertEquals(" 5", s.choices().getFirst().surface());
        assertEquals("5", s.choices().getFirst().option());
    }

    @Test
    void tokenCompletingTheMarkerAndAnOptionAtOnceIsBanned() {
        DecodingState s = state(30, List.of(), new ConstraintSpec.FreeTextThenChoice(20, "[RESULT] ", ONE_TO_FIVE));
        s.next(want("[RES"));
        s.next(want("ULT"));
        // "] 5" and "]1" would hide the choice inside a free-text token; "]" is next best
        assertEquals(vocab.id("]"), s.next(vocab.logits(0f, "] 5", 30f, "]1", 20f, "]", 10f)));
        s.next(want(" 2"));
        assertEquals("2", s.choices().getFirst().option());
        assertEquals("", s.text());
    }

    @Test
    void tokenCompletingTheMarkerAndStartingAnOptionOthersDoNotShareIsBanned() {
        // "]1" would rule out "2" in free text, before the choice's distribution is read
        DecodingState s = state(30, List.of(), new ConstraintSpec.FreeTextThenChoice(20, "[RESULT]",
                List.of("1", "10", "2")));
        s.next(want("[RES"));
        s.next(want("ULT"));
        assertEquals(vocab.id("]"), s.next(vocab.logits(0f, "]1", 30f, "]", 10f)));
        s.next(vocab.logits(Float.NEGATIVE_INFINITY, "2", 0f, "1", 0f, "10", 0f));
        ChoiceResult c = s.choices().getFirst();
        assertEquals(3, c.distribution().options().size());
        assertTrue(c.distribution().mass(2) > 0, "every option is still open where the choice starts");
    }

    @Test
    void stopStringEndsTheFreeTextAndForcesTheMarker() {
        DecodingState s = state(30, List.of("\n\n"), new ConstraintSpec.FreeTextThenChoice(20, "[RESULT]", ONE_TO_FIVE));
        s.next(want("Good"));
        s.next(want("\n"));
        s.next(want("\n"));
        assertArrayEquals(new int[] {vocab.id("[RESULT]")}, s.takeForcedTokens());
        s.next(want("1"));
        assertEquals("Good", s.text());
        assertEquals("1", s.choices().getFirst().option());
    }

    @Test
    void zeroBudgetForcesTheMarkerImmediatelyAndMaxTokensCapsTheFreeText() {
        DecodingState s = state(10, List.of(), new ConstraintSpec.FreeTextThenChoice(0, "[RESULT] ", ONE_TO_FIVE));
        assertEquals(1, s.takeForcedTokens().length);
        s.next(want(" 3"));
        assertEquals("3", s.choices().getFirst().option());

        // 1 marker token + up to 3 choice tokens are reserved out of 6: free text gets 2
        DecodingState t = state(6, List.of(), new ConstraintSpec.FreeTextThenChoice(100, "[RESULT] ", ONE_TO_FIVE));
        t.next(want("a"));
        t.next(want("b"));
        assertEquals(1, t.takeForcedTokens().length);
    }

    @Test
    void grammarFilterRestrictsTokensAndIsClosedOnce() {
        int[] script = {vocab.id("a"), vocab.id("b"), vocab.id("<eos>")};
        List<Integer> accepted = new ArrayList<>();
        int[] closed = {0};
        TokenFilter.Factory factory = g -> new TokenFilter() {
            @Override
            public void apply(float[] logits) {
                for (int t = 0; t < logits.length; t++) {
                    if (t != script[accepted.size()]) {
                        logits[t] = Float.NEGATIVE_INFINITY;
                    }
                }
            }

            @Override
            public void accept(int token) {
                accepted.add(token);
            }

            @Override
            public void close() {
                closed[0]++;
            }
        };
        DecodingState s = new DecodingState(new GenerationSpec(10, new SamplingParams(1f, 0, 0.9f, 0f, 1), List.of(),
                new ConstraintSpec.Grammar("root ::= \"ab\"", "root")), vocab, cache, factory);
        float[] l = vocab.logits(0f, "x", 50f, "<eos>", 40f);
        float[] original = l.clone();
        while (!s.isFinished()) {
            s.next(l);
        }
        assertArrayEquals(original, l, "the caller's logits are not modified");
        assertEquals(List.of(script[0], script[1], script[2]), accepted);
        assertEquals("ab", s.text());
        assertEquals(FinishReason.EOG, s.finishReason());
        s.close();
        assertEquals(1, closed[0]);
        assertThrows(IllegalArgumentException.class, () -> state(10, List.of(), new ConstraintSpec.Grammar("x", "root")));
    }

    @Test
    void rejectsLogitsOfTheWrongSizeAndAForeignCache() {
        DecodingState s = state(10, List.of(), new ConstraintSpec.Unconstrained());
        assertThrows(IllegalArgumentException.class, () -> s.next(new float[10]));
        assertThrows(IllegalArgumentException.class, () -> new DecodingState(new GenerationSpec(10,
                SamplingParams.greedy(), List.of(), new ConstraintSpec.Unconstrained()), new TestVocabulary(), cache));
        assertTrue(true);
    }
}
