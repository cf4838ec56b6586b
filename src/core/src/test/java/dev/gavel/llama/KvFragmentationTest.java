package dev.gavel.llama;

import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * b4916 answers -3 ("failed to prepare ubatch") when the unified KV cache has enough free cells
 * but no contiguous run for a micro-batch; the binding reports it as {@code NO_KV_SLOT}, as it
 * does for 1, so the engine can free cells and retry instead of failing.
 */
class KvFragmentationTest {

    @Test
    void noContiguousRunIsNoKvSlotAndTheCacheStaysUsable() throws Exception {
        try (LlamaModel model = LlamaModel.load(TestModels.tinyByteLevel(), ModelOptions.defaults());
             LlamaContext ctx = model.newContext(ContextOptions.defaults().withContextSize(256).withSequences(4)
                     .withBatch(256, 256).withThreads(1, 1));
             Batch batch = ctx.newBatch(256)) {
            int n = ctx.contextSize();
            int quarter = n / 4;
            // Fill the cache with four sequences of a quarter each, then free sequences 1 and 3:
            // half the cells are free, in two runs of a quarter.
            for (int s = 0; s < 4; s++) {
                batch.clear();
                for (int i = 0; i < quarter; i++) {
                    batch.add(10 + i % 50, i, s, i == quarter - 1);
                }
                assertEquals(LlamaContext.DecodeStatus.OK, ctx.decode(batch));
            }
            ctx.kvRemove(1, -1, -1);
            ctx.kvRemove(3, -1, -1);
            assertEquals(n / 2, ctx.kvUsedCells());
            // A batch larger than either run but smaller than all free cells.
            batch.clear();
            int want = quarter + quarter / 2;
            for (int i = 0; i < want; i++) {
                batch.add(20 + i % 50, i, 1, i == want - 1);
            }
            assertEquals(LlamaContext.DecodeStatus.NO_KV_SLOT, ctx.decode(batch));
            assertEquals(n / 2, ctx.kvUsedCells(), "nothing was placed");
            // A batch that fits a run still decodes.
            batch.clear();
            for (int i = 0; i < quarter; i++) {
                batch.add(20 + i % 50, i, 1, i == quarter - 1);
            }
            assertEquals(LlamaContext.DecodeStatus.OK, ctx.decode(batch));
        }
    }
}
