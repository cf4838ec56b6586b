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
 * Several judges in one JVM must not corrupt each other when their contexts decode at the same
 * time. llama.cpp b4916 computed wrong logits now and then in that case (this test saw 1 to 7
 * diverging generations out of 30 per thread, so every decode took a process-wide lock then);
 * v0.4.0 gave 0 of 2,130 (3 and 4 threads on stories260K, 2 on SmolLM2-135M Q8_0), so contexts
 * now decode without a lock and this test checks the library itself.
 */
class ConcurrentDecodeTest {
    private static final int THREADS = 3;
    private static final int RUNS = 60;
    private static final int TOKENS = 40;

    @Test
    void contextsDecodingOnSeveralThreadsGiveTheSingleThreadedTokens() throws Exception {
        try (LlamaModel model = LlamaModel.load(SharedFixtures.model("stories260K.gguf"), ModelOptions.defaults())) {
            int[] prompt = model.vocabulary().tokenize("Once upon a time there was a little girl named Lily.", true, false);
            ContextOptions options = ContextOptions.defaults().withThreads(1, 1).withContextSize(256).withSequences(1);
            int[] expected;
            try (LlamaContext context = model.newContext(options)) {
                expected = new GreedyGenerator(context).generate(prompt, TOKENS).tokens();
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> diverged = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    diverged.add(pool.submit(() -> {
                        int bad = 0;
                        try (LlamaContext context = model.newContext(options)) {
                            GreedyGenerator generator = new GreedyGenerator(context);
                            for (int r = 0; r < RUNS; r++) {
                                if (!Arrays.equals(expected, generator.generate(prompt, TOKENS).tokens())) {
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
