package dev.gavel.engine;

import dev.gavel.EngineMetrics;
import dev.gavel.llama.LlamaModel;
import dev.gavel.testing.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Continuous batching must not change results: on a trained model (no near-tied logits), 32 mixed
 * requests through 8 parallel sequences give exactly the tokens and scores of one-at-a-time runs.
 */
class EngineBatchingTest {
    @RegisterExtension
    static final LoadedModel MODEL = LoadedModel.shared("stories260K.gguf");

    static List<GenerationRequest> mixedRequests(LlamaModel model, int count) {
        String[] openings = {"Once upon a time", "The little dog", "Lily and Tom went to the park.", "One day, a big red ball",
                "Mom said", "The sun was shining and the birds", "Tim had a toy car.", "There was a girl named Sue who"};
        List<String> scores = List.of("1", "2", "3", "4", "5");
        List<GenerationRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String prompt = openings[i % openings.length] + (i >= openings.length ? " Then " + "she ".repeat(i % 5) : "");
            int[] tokens = model.vocabulary().tokenize(prompt, true, false);
            ConstraintSpec constraint = switch (i % 3) {
                case 0 -> new ConstraintSpec.Unconstrained();
                case 1 -> new ConstraintSpec.Choice(scores);
                default -> new ConstraintSpec.FreeTextThenChoice(8 + i % 7, "[RESULT]", scores);
            };
            out.add(new GenerationRequest(tokens, new GenerationSpec(12 + i % 20, SamplingParams.greedy(), List.of(), constraint)));
        }
        return out;
    }

    static List<Generation> runAll(Engine engine, List<GenerationRequest> requests) {
        List<CompletableFuture<Generation>> futures = new ArrayList<>();
        for (GenerationRequest r : requests) {
            futures.add(engine.submit(r));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void batchedEqualsOneAtATime() {
        List<GenerationRequest> requests = mixedRequests(MODEL.model(), 32);
        List<Generation> sequential = new ArrayList<>();
        try (Engine one = new Engine(MODEL.model(), EngineOptions.builder().parallel(1).cachedPrefixes(0).prefixCache(false)
                .contextSize(1024).threads(2).build())) {
            for (GenerationRequest r : requests) {
                sequential.add(one.submit(r).join());
            }
        }
        List<Generation> batched;
        EngineMetrics metrics;
        try (Engine eight = new Engine(MODEL.model(), EngineOptions.builder().parallel(8).cachedPrefixes(4)
                .contextSize(2048).threads(2).build())) {
            batched = runAll(eight, requests);
            metrics = eight.metrics();
        }
        for (int i = 0; i < requests.size(); i++) {
            Generation a = sequential.get(i);
            Generation b = batched.get(i);
            assertArrayEquals(a.tokens(), b.tokens(), "request " + i);
            assertEquals(a.text(), b.text(), "request " + i);
            assertEquals(a.finishReason(), b.finishReason(), "request " + i);
            assertEquals(a.choices().size(), b.choices().size());
            for (int c = 0; c < a.choices().size(); c++) {
                assertEquals(a.choices().get(c).option(), b.choices().get(c).option(), "argmax of request " + i);
                double[] pa = a.choices().get(c).distribution().normalized();
                double[] pb = b.choices().get(c).distribution().normalized();
                for (int k = 0; k < pa.length; k++) {
                    assertEquals(pa[k], pb[k], 1e-3, "distribution of request " + i);
                }
            }
        }
        assertEquals(32, metrics.completed());
        assertTrue(metrics.batchedTokens() > metrics.decodeCalls() * 2, "decode calls carried several sequences: " + metrics);
    }
}
