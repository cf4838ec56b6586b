package dev.gavel.engine;

import dev.gavel.EngineMetrics;
import dev.gavel.gguf.GgmlType;
import dev.gavel.testing.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engines side by side on one model: the threads and sequences are shared out, requests spread
 * over the engines, and the results are the tokens one engine gives (the engines decode at the
 * same time, on contexts of their own).
 */
class EnginePoolTest {
    @RegisterExtension
    static final LoadedModel MODEL = LoadedModel.shared("stories260K.gguf");

    @Test
    void threadsAndSequencesAreSharedOutEvenly() {
        EngineOptions o = new EngineOptions(1024, 128, 8, 4, true, 5, false, GgmlType.F16, false);
        assertEquals(3, EnginePool.shareOf(o, 2, 0).threads());
        assertEquals(2, EnginePool.shareOf(o, 2, 1).threads());
        assertEquals(4, EnginePool.shareOf(o, 2, 1).parallel());
        assertEquals(1, EnginePool.shareOf(new EngineOptions(1024, 128, 1, 0, true, 2, false, GgmlType.F16, false), 2, 1)
                .parallel(), "every engine decodes at least one sequence");
        assertEquals(1024, EnginePool.shareOf(o, 2, 1).contextSize(), "cells per request stay as they are");
        EngineOptions oneThread = new EngineOptions(1024, 128, 8, 4, true, 1, false, GgmlType.F16, false);
        assertThrows(IllegalArgumentException.class, () -> new EnginePool(MODEL.model(), oneThread, 2), "two engines need two threads");
    }

    @Test
    void twoEnginesGiveOneEnginesTokensAndTakeHalfTheRequestsEach() throws InterruptedException {
        List<GenerationRequest> requests = EngineBatchingTest.mixedRequests(MODEL.model(), 16);
        EngineOptions options = EngineOptions.builder().parallel(4).cachedPrefixes(2).contextSize(1024).threads(2).build();
        List<Generation> single;
        try (Engine one = new Engine(MODEL.model(), options)) {
            single = EngineBatchingTest.runAll(one, requests);
        }
        try (EnginePool pool = new EnginePool(MODEL.model(), options, 2)) {
            assertEquals(2, pool.size());
            List<CompletableFuture<Generation>> futures = new ArrayList<>();
            for (GenerationRequest r : requests) {
                futures.add(pool.submit(r));
            }
            for (int i = 0; i < requests.size(); i++) {
                assertArrayEquals(single.get(i).tokens(), futures.get(i).join().tokens(), "request " + i);
            }
            EngineMetrics all = pool.metrics();
            assertEquals(16, all.completed());
            for (Engine e : pool.engines()) {
                assertEquals(1, e.options().threads());
                assertEquals(2, e.options().parallel());
                assertTrue(e.metrics().completed() >= 4, "each engine took a share: " + e.metrics());
            }
            assertEquals(all.completed(), pool.engines().get(0).metrics().completed() + pool.engines().get(1).metrics().completed());
            // Each engine's loop records its occupancy after the step that completed the request.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!pool.occupancy().isIdle() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(pool.occupancy().isIdle(), pool.occupancy().toString());
        }
    }
}
