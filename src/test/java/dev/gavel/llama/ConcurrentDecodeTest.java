package dev.gavel.llama;

import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several judges in one JVM must not corrupt each other: llama.cpp b4916 computes wrong logits
 * now and then when two threads decode on different contexts at once (without the guard in
 * {@link LlamaContext#decode} this test saw 1 to 7 diverging generations out of 30 per thread).
 */
class ConcurrentDecodeTest {
    private static final int THREADS = 3;
    private static final int RUNS = 60;
    private static final int TOKENS = 40;

    private static int[] greedy(LlamaContext context, Batch batch, int[] prompt) {
        context.clearKv();
        batch.clear();
        for (int i = 0; i < prompt.length; i++) {
            batch.add(prompt[i], i, 0, i == prompt.length - 1);
        }
        context.decode(batch);
        int logitIndex = prompt.length - 1;
        int[] out = new int[TOKENS];
        for (int g = 0; g < TOKENS; g++) {
            float[] logits = context.logitsArray(logitIndex);
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            out[g] = best;
            batch.clear();
            batch.add(best, prompt.length + g, 0, true);
            context.decode(batch);
            logitIndex = 0;
        }
        return out;
    }

    @Test
    void contextsDecodingOnSeveralThreadsGiveTheSingleThreadedTokens() throws Exception {
        try (LlamaModel model = LlamaModel.load(SharedFixtures.model("stories260K.gguf"), ModelOptions.defaults())) {
            int[] prompt = model.vocabulary().tokenize("Once upon a time there was a little girl named Lily.", true, false);
            ContextOptions options = ContextOptions.defaults().withThreads(1, 1).withContextSize(256).withSequences(1);
            int[] expected;
            try (LlamaContext context = model.newContext(options); Batch batch = context.newBatch(64)) {
                expected = greedy(context, batch, prompt);
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> diverged = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    diverged.add(pool.submit(() -> {
                        int bad = 0;
                        try (LlamaContext context = model.newContext(options); Batch batch = context.newBatch(64)) {
                            for (int r = 0; r < RUNS; r++) {
                                if (!Arrays.equals(expected, greedy(context, batch, prompt))) {
                                    bad++;
                                }
                            }
                        }
                        return bad;
                    }));
                }
                for (Future<Integer> f : diverged) {
                    assertEquals(0, f.get(), "generations that diverged from the single-threaded one");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
