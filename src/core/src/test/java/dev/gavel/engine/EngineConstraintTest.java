package dev.gavel.engine;

import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Constrained decoding holds on a real model whatever the weights say: 1,000 sampled generations
 * from a random-weight model under "free text, [RESULT], 1-5" are all well-formed.
 */
class EngineConstraintTest {
    private static final List<String> SCORES = List.of("1", "2", "3", "4", "5");

    @Test
    void thousandRandomGenerationsAreWellFormed() throws Exception {
        Random random = new Random(1234);
        try (LlamaModel model = LlamaModel.load(TestModels.tinyByteLevel(), ModelOptions.defaults());
             Engine engine = new Engine(model, EngineOptions.builder().parallel(16).cachedPrefixes(4)
                     .contextSize(4096).threads(2).build())) {
            List<CompletableFuture<Generation>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int[] prompt = model.vocabulary().tokenize("Grade this answer #" + (i % 37) + ": " + "x".repeat(i % 11), true, false);
                int budget = random.nextInt(12);
                SamplingParams sampling = new SamplingParams(1.0f, 0, 1.0f, 0.0f, i);
                futures.add(engine.submit(new GenerationRequest(prompt, new GenerationSpec(budget + 16, sampling, List.of(),
                        new ConstraintSpec.FreeTextThenChoice(budget, "[RESULT]", SCORES)))));
            }
            int wellFormed = 0;
            for (CompletableFuture<Generation> f : futures) {
                Generation g = f.join();
                assertEquals(FinishReason.CHOICE_MADE, g.finishReason());
                assertEquals(1, g.choices().size());
                ChoiceResult choice = g.choices().getFirst();
                assertTrue(SCORES.contains(choice.option()), choice.option());
                String all = new String(bytes(model, g.tokens()), StandardCharsets.UTF_8);
                assertTrue(all.contains("[RESULT]"), all);
                assertTrue(all.endsWith(choice.option()) || all.endsWith(choice.surface()), all);
                double sum = 0;
                for (double p : choice.distribution().normalized()) {
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-9);
                wellFormed++;
            }
            assertEquals(1000, wellFormed);
            assertEquals(1000, engine.metrics().completed());
        }
    }

    static byte[] bytes(LlamaModel model, int[] tokens) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int t : tokens) {
            out.writeBytes(model.vocabulary().tokenBytes(t));
        }
        return out.toByteArray();
    }
}
