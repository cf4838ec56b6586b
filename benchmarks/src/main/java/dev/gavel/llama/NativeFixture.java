package dev.gavel.llama;

import dev.gavel.bench.JmhFixtures;

import java.util.SplittableRandom;

/**
 * What the benchmarks of the raw binding run on: the synthesized SmolLM2-135M-shaped Q8_0 model, a
 * context with flash attention and the fixtures' threads, and one batch. A decode that does not
 * come back OK fails the benchmark instead of timing an error path.
 */
final class NativeFixture implements AutoCloseable {
    final LlamaModel model;
    final LlamaContext context;
    final Batch batch;

    private NativeFixture(LlamaModel model, LlamaContext context) {
        this.model = model;
        this.context = context;
        this.batch = context.newBatch(context.batchLimit());
    }

    /**
     * @param cells     KV cells of the context (with per-sequence streams, shared out among them)
     * @param batchSize tokens per decode (also the micro-batch)
     * @param sequences sequences the context holds
     * @param unifiedKv one KV cache for all sequences instead of a stream each
     */
    static NativeFixture open(int cells, int batchSize, int sequences, boolean unifiedKv) throws Exception {
        LlamaModel model = JmhFixtures.smolLm2();
        int threads = JmhFixtures.threads();
        try {
            return new NativeFixture(model, model.newContext(ContextOptions.defaults()
                    .withContextSize(cells).withBatch(batchSize, batchSize).withSequences(sequences)
                    .withThreads(threads, threads).withFlashAttention(true).withUnifiedKv(unifiedKv)));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Token ids drawn from the vocabulary above its first 256 (control and byte tokens). */
    int[] randomTokens(int count, long seed) {
        return new SplittableRandom(seed).ints(count, 256, model.vocabulary().size()).toArray();
    }

    /** Decodes the batch as it stands. */
    LlamaContext.DecodeStatus decode() {
        LlamaContext.DecodeStatus status = context.decode(batch);
        if (status != LlamaContext.DecodeStatus.OK) {
            throw new IllegalStateException("decode: " + status);
        }
        return status;
    }

    /** Runs {@code tokens[from, to)} into {@code sequence} at positions {@code from...}, a batch at a time. */
    LlamaContext.DecodeStatus prefill(int[] tokens, int from, int to, int sequence) {
        LlamaContext.DecodeStatus last = LlamaContext.DecodeStatus.OK;
        for (int start = from; start < to; start += batch.capacity()) {
            batch.clear();
            int end = Math.min(to, start + batch.capacity());
            for (int p = start; p < end; p++) {
                batch.add(tokens[p], p, sequence, p == end - 1);
            }
            last = decode();
        }
        return last;
    }

    @Override
    public void close() {
        batch.close();
        context.close();
        model.close();
    }
}
