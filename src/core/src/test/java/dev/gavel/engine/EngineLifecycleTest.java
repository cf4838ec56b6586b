package dev.gavel.engine;

import dev.gavel.testing.LoadedModel;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests that can never fit, cancellation, concurrent submitters and closing. */
class EngineLifecycleTest {
    @RegisterExtension
    static final LoadedModel MODEL = LoadedModel.of(TestModels::tinyByteLevel);

    private static GenerationRequest request(int promptLength, int maxTokens) {
        int[] prompt = new int[promptLength];
        for (int i = 0; i < promptLength; i++) {
            prompt[i] = 300 + (i % 100);
        }
        return new GenerationRequest(prompt, new GenerationSpec(maxTokens, SamplingParams.greedy(), List.of(),
                new ConstraintSpec.Unconstrained()));
    }

    @Test
    void aRequestThatCanNeverFitFailsAtOnceAndOthersProceed() {
        try (Engine engine = new Engine(MODEL.model(), EngineOptions.builder().parallel(2).contextSize(256).threads(2).build())) {
            CompletableFuture<Generation> tooBig = engine.submit(request(250, 10));
            CompletionException e = assertThrows(CompletionException.class, tooBig::join);
            RequestTooLargeException cause = assertInstanceOf(RequestTooLargeException.class, e.getCause());
            assertEquals(260, cause.needed());
            assertTrue(cause.getMessage().contains("context has 256"), cause.getMessage());
            assertEquals(8, engine.submit(request(20, 8)).join().generatedTokens());
            assertThrows(IllegalArgumentException.class, () -> engine.submit(new GenerationRequest(new int[]{100_000},
                    new GenerationSpec(4, SamplingParams.greedy(), List.of(), new ConstraintSpec.Unconstrained()))));
        }
    }

    @Test
    void requestsThatDoNotFitTogetherWaitInsteadOfFailing() {
        // Each needs 150 of 256 cells: they must run one after the other, all succeed.
        try (Engine engine = new Engine(MODEL.model(), EngineOptions.builder().parallel(4).cachedPrefixes(0).prefixCache(false)
                .contextSize(256).threads(2).build())) {
            List<CompletableFuture<Generation>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(engine.submit(request(100, 50)));
            }
            for (CompletableFuture<Generation> f : all) {
                assertEquals(50, f.join().generatedTokens());
            }
        }
    }

    @Test
    void aFragmentedCacheIsCompactedInsteadOfFailing() {
        // A finishes first and leaves a 200-cell hole at the front while B runs on in the middle;
        // C's 240-token prompt chunk then needs more contiguous cells than any single gap holds.
        try (Engine engine = new Engine(MODEL.model(), EngineOptions.builder().parallel(3).cachedPrefixes(0).prefixCache(false)
                .contextSize(512).batchSize(256).threads(2).build())) {
            CompletableFuture<Generation> a = engine.submit(request(200, 2));
            CompletableFuture<Generation> b = engine.submit(request(200, 60));
            assertEquals(2, a.join().generatedTokens());
            Generation c = engine.submit(request(240, 8)).join();
            assertEquals(8, c.generatedTokens());
            assertEquals(60, b.join().generatedTokens());
        }
    }

    @Test
    void cancellationFreesTheSlot() throws Exception {
        // The long request needs 16,000 tokens (seconds even on a quiet machine) and is cancelled
        // once it is generating: a fixed 50 ms sleep let a quiet machine finish a 400-token one first.
        try (Engine engine = new Engine(MODEL.model(), EngineOptions.builder().parallel(1).cachedPrefixes(0).prefixCache(false)
                .contextSize(16_384).threads(2).build())) {
            CompletableFuture<Generation> longOne = engine.submit(request(16, 16_000));
            CompletableFuture<Generation> queued = engine.submit(request(16, 4));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.metrics().generatedTokens() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(longOne.cancel(true));
            assertThrows(CancellationException.class, longOne::join);
            assertEquals(4, queued.get(30, TimeUnit.SECONDS).generatedTokens(), "the next request got the freed slot");
            assertEquals(1, engine.metrics().cancelled());
        }
    }

    @Test
    void closeLetsAdmittedRequestsFinishAndRejectsNewOnes() throws Exception {
        Engine engine = new Engine(MODEL.model(), EngineOptions.builder().parallel(2).cachedPrefixes(0).contextSize(512).threads(2).build());
        List<CompletableFuture<Generation>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(engine.submit(request(16, 64)));
        }
        Thread.sleep(30);
        engine.close();
        engine.close();
        assertThrows(IllegalStateException.class, () -> engine.submit(request(4, 4)));
        int done = 0;
        int rejected = 0;
        for (CompletableFuture<Generation> f : futures) {
            try {
                assertEquals(64, f.get(30, TimeUnit.SECONDS).generatedTokens());
                done++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertInstanceOf(IllegalStateException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
                rejected++;
            }
        }
        assertEquals(6, done + rejected);
        assertTrue(done >= 1, "admitted requests finished");
    }

    @Test
    void manyThreadsSubmittingConcurrently() throws Exception {
        try (Engine engine = new Engine(MODEL.model(), EngineOptions.builder().parallel(8).contextSize(2048).threads(2).build())) {
            List<Thread> threads = new ArrayList<>();
            List<CompletableFuture<Generation>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 10; i++) {
                        futures.add(engine.submit(request(8 + i, 6)));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            for (CompletableFuture<Generation> f : futures) {
                assertEquals(6, f.get(60, TimeUnit.SECONDS).generatedTokens());
            }
            assertEquals(80, engine.metrics().completed());
        }
    }
}
