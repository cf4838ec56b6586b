package dev.gavel.llama;

import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With one KV stream per sequence, a sequence whose stream is full gets {@code NO_KV_SLOT} (llama.cpp's
 * 1, nothing computed) while the other sequences keep decoding in theirs, and the full one decodes
 * again once cells are removed: the engine relies on all three.
 */
class KvFragmentationTest {

    @Test
    void aFullStreamIsNoKvSlotAndLeavesTheOthersUsable() throws Exception {
        try (LlamaModel model = LlamaModel.load(TestModels.tinyByteLevel(), ModelOptions.defaults());
             LlamaContext ctx = model.newContext(ContextOptions.defaults().withContextSize(512).withSequences(2)
                     .withBatch(256, 256).withThreads(1, 1));
             Batch batch = ctx.newBatch(256)) {
            int n = ctx.sequenceCapacity();
            assertEquals(256, n);
            batch.clear();
            for (int i = 0; i < n; i++) {
                batch.add(10 + i % 50, i, 0, i == n - 1);
            }
            assertEquals(LlamaContext.DecodeStatus.OK, ctx.decode(batch));
            batch.clear();
            batch.add(11, n, 0, true);
            assertEquals(LlamaContext.DecodeStatus.NO_KV_SLOT, ctx.decode(batch), "sequence 0's stream is full");
            assertEquals(n - 1, ctx.kvMaxPosition(0), "nothing was placed");
            batch.clear();
            for (int i = 0; i < 100; i++) {
                batch.add(20 + i % 50, i, 1, i == 99);
            }
            assertEquals(LlamaContext.DecodeStatus.OK, ctx.decode(batch), "sequence 1 has its own stream");
            ctx.kvRemove(0, n - 10, -1);
            batch.clear();
            batch.add(11, n - 10, 0, true);
            assertEquals(LlamaContext.DecodeStatus.OK, ctx.decode(batch));
        }
    }
}
