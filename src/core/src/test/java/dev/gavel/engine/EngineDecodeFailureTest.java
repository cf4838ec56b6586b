package dev.gavel.engine;

import dev.gavel.llama.LlamaContext;
import dev.gavel.testing.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A decode that llama.cpp fails mid-run fails only the request it belongs to. The stand-in for
 * the failure runs the real decode first (so KV cells were written, as a failure inside a later
 * micro-batch leaves them) and then reports an error for any batch holding the poisoned request;
 * the other requests must come out token for token as on an engine where nothing failed.
 */
class EngineDecodeFailureTest {
    @RegisterExtension
    static final LoadedModel MODEL = LoadedModel.shared("stories260K.gguf");

    private static GenerationRequest request(int seed, int promptLength, int maxTokens) {
        int[] prompt = new int[promptLength];
        prompt[0] = 1;
        for (int i = 1; i < promptLength; i++) {
            prompt[i] = 259 + Math.floorMod(seed * 31 + i * 17, 250);
        }
        return new GenerationRequest(prompt, new GenerationSpec(maxTokens, SamplingParams.greedy(), List.of(),
                new ConstraintSpec.Unconstrained()));
    }

    private static Engine.Decoder failingFor(Set<GenerationRequest> poisoned) {
        return (context, batch, requests) -> {
            LlamaContext.DecodeStatus status = context.decode(batch);
            if (requests.stream().anyMatch(poisoned::contains)) {
                throw new IllegalStateException("llama_decode failed with code -3: simulated compute failure");
            }
            return status;
        };
    }

    private static EngineOptions.Builder options() {
        return EngineOptions.builder().contextSize(2048).batchSize(64).prefixCache(false).cachedPrefixes(0).threads(1);
    }

    @Test
    void onlyTheRequestWhoseDecodeFailsFailsAndTheRestAreUntouched() throws Exception {
        List<GenerationRequest> normal = List.of(request(1, 24, 48), request(2, 30, 48), request(3, 18, 48));
        GenerationRequest poison = request(9, 160, 8);
        List<int[]> expected = new ArrayList<>();
        try (Engine clean = new Engine(MODEL.model(), options().parallel(1).build())) {
            for (GenerationRequest r : normal) {
                expected.add(clean.submit(r).join().tokens());
            }
        }

        Set<GenerationRequest> poisoned = Collections.newSetFromMap(new IdentityHashMap<>());
        poisoned.add(poison);
        try (Engine engine = new Engine(MODEL.model(), options().parallel(4).build(), failingFor(poisoned))) {
            List<CompletableFuture<Generation>> futures = new ArrayList<>();
            normal.forEach(r -> futures.add(engine.submit(r)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.metrics().generatedTokens() < normal.size() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            // The poisoned prompt's first chunk joins a step in which the others are decoding.
            CompletableFuture<Generation> bad = engine.submit(poison);

            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(60, TimeUnit.SECONDS));
            DecodeFailedException cause = assertInstanceOf(DecodeFailedException.class, e.getCause());
            assertTrue(cause.getMessage().contains("simulated compute failure"), cause.getMessage());
            assertTrue(cause.getMessage().contains("other requests are not affected"), cause.getMessage());
            for (int i = 0; i < normal.size(); i++) {
                assertArrayEquals(expected.get(i), futures.get(i).get(60, TimeUnit.SECONDS).tokens(), "request " + i);
            }
            // Failed together with the others first, then alone: the decode was isolated, not retried blindly.
            assertTrue(engine.occupancy().decodeFailures() >= 2, engine.occupancy().toString());

            // It keeps serving, and what it serves is still right.
            assertArrayEquals(expected.get(0), engine.submit(normal.get(0)).get(60, TimeUnit.SECONDS).tokens());
            assertEquals(normal.size() + 1, engine.metrics().completed());
            assertEquals(1, engine.metrics().failed());
            awaitIdle(engine);
            assertEquals(0, engine.occupancy().kvCellsInUse(), "no cell of the failed request is left behind");
        }
    }

    @Test
    void aFailingDecodeOfOneRequestAloneFailsItAndTheNextOneRuns() throws Exception {
        GenerationRequest poison = request(4, 40, 8);
        Set<GenerationRequest> poisoned = Collections.newSetFromMap(new IdentityHashMap<>());
        poisoned.add(poison);
        try (Engine engine = new Engine(MODEL.model(), options().parallel(2).build(), failingFor(poisoned))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> engine.submit(poison).get(60, TimeUnit.SECONDS));
            assertInstanceOf(DecodeFailedException.class, e.getCause());
            assertEquals(8, engine.submit(request(5, 40, 8)).get(60, TimeUnit.SECONDS).generatedTokens());
            awaitIdle(engine);
            assertEquals(1, engine.occupancy().decodeFailures());
        }
    }

    static void awaitIdle(Engine engine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!engine.occupancy().isIdle() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(engine.occupancy().isIdle(), engine.occupancy().toString());
    }
}
