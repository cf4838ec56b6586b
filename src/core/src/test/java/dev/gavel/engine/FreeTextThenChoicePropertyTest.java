package dev.gavel.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1,000 generations on random logits with random budgets and sampling settings: every one must be
 * well-formed feedback, then the marker, then exactly one option.
 */
class FreeTextThenChoicePropertyTest {

    private static final List<String> OPTIONS = List.of("1", "2", "3", "4", "5");
    private static final String MARKER = "[RESULT]";

    @Test
    void everyGenerationIsFeedbackThenMarkerThenOneOption() {
        TestVocabulary vocab = new TestVocabulary();
        MaskCache cache = new MaskCache(vocab);
        SplittableRandom random = new SplittableRandom(20261124);
        // pieces of the marker get a boost so that the model writes it itself in many runs
        int[] boosted = {vocab.id("[RES"), vocab.id("ULT"), vocab.id("]"), vocab.id("] "), vocab.id("]."),
                vocab.id("]1"), vocab.id("] 5"), vocab.id("[RESULT]"), vocab.id("<eos>"), vocab.id("<eot>")};
        int spontaneous = 0;
        int forced = 0;
        for (int run = 0; run < 1000; run++) {
            int budget = random.nextInt(0, 40);
            int maxTokens = random.nextInt(4, 60);
            SamplingParams sampling = switch (random.nextInt(4)) {
                case 0 -> SamplingParams.greedy();
                case 1 -> new SamplingParams(1f, 0, 1f, 0f, run);
                case 2 -> new SamplingParams(0.8f, 20, 0.95f, 0.05f, run);
                default -> new SamplingParams(1.3f, 0, 0.9f, 0f, run);
            };
            DecodingState s = new DecodingState(new GenerationSpec(maxTokens, sampling, List.of(),
                    new ConstraintSpec.FreeTextThenChoice(budget, "[RESULT] ", OPTIONS)), vocab, cache);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            boolean wasForced = false;
            int steps = 0;
            while (!s.isFinished()) {
                int[] f = s.takeForcedTokens();
                for (int t : f) {
                    stream.writeBytes(vocab.tokenBytes(t));
                    wasForced = true;
                }
                float[] logits = new float[vocab.size()];
                for (int t = 0; t < logits.length; t++) {
                    // keep the stream valid UTF-8 so it can be compared as text
                    logits[t] = t >= 0x80 && t < 0x100 ? Float.NEGATIVE_INFINITY : (float) random.nextGaussian() * 2f;
                }
                for (int t : boosted) {
                    logits[t] += 4f;
                }
                stream.writeBytes(vocab.tokenBytes(s.next(logits)));
                assertTrue(++steps <= maxTokens, "run " + run + " does not terminate");
            }
            String all = stream.toString(StandardCharsets.UTF_8);
            String context = "run " + run + ": " + all;
            assertEquals(FinishReason.CHOICE_MADE, s.finishReason(), context);
            assertEquals(1, s.choices().size(), context);
            ChoiceResult c = s.choices().getFirst();
            assertTrue(OPTIONS.contains(c.option()), context);
            assertTrue(c.surface().equals(c.option()) || c.surface().equals(" " + c.option()), context);
            String feedback = s.text();
            assertFalse(feedback.contains(MARKER), context);
            assertEquals(feedback + MARKER + c.surface(), all, context);
            assertTrue(s.generatedTokens() <= maxTokens, context);
            assertTrue(s.generatedTokens() - (wasForced ? 1 : 0) - c.surface().length() - 1 <= budget,
                    "free text within its budget: " + context);
            double sum = 0;
            for (double p : c.distribution().normalized()) {
                sum += p;
            }
            assertEquals(1.0, sum, 1e-9, context);
            if (wasForced) {
                forced++;
            } else {
                spontaneous++;
            }
        }
        assertTrue(spontaneous > 50 && forced > 50,
                "both paths must be exercised: spontaneous " + spontaneous + ", forced " + forced);
    }
}
