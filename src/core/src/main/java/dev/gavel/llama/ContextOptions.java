package dev.gavel.llama;

import dev.gavel.gguf.GgmlType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shape of an inference context.
 *
 * @param contextSize   KV cache cells of the context: with {@code unifiedKv} shared by all
 *                      sequences, otherwise split evenly, each sequence getting its own
 *                      {@code contextSize / sequences} cells (llama.cpp rounds that up)
 * @param batchSize     most tokens one decode call may take
 * @param ubatchSize    physical micro-batch size
 * @param sequences     sequence slots (parallel requests plus cached prefixes)
 * @param threads       threads for single-token decoding
 * @param threadsBatch  threads for prompt processing
 * @param typeK         KV cache type for keys
 * @param typeV         KV cache type for values (quantised V needs flash attention)
 * @param flashAttention use flash attention
 * @param unifiedKv     one KV buffer for all sequences: sequences can share cells (a fork costs
 *                      nothing) but every token attends over every sequence's cells; off,
 *                      each sequence has its own stream, so independent prompts decode together
 *                      at full speed and a fork copies the whole stream
 */
public record ContextOptions(int contextSize, int batchSize, int ubatchSize, int sequences, int threads,
                             int threadsBatch, GgmlType typeK, GgmlType typeV, boolean flashAttention,
                             boolean unifiedKv) {
    /** llama.cpp v0.4.0's LLAMA_MAX_SEQ ({@code llama_max_parallel_sequences()}). */
    public static final int MAX_SEQUENCES = 256;

    /** The element types Gavel lets llama.cpp store the KV cache in. */
    public static final Set<GgmlType> KV_CACHE_TYPES = Collections.unmodifiableSet(EnumSet.of(GgmlType.F32, GgmlType.F16,
            GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q5_1, GgmlType.Q5_0, GgmlType.Q4_1, GgmlType.Q4_0));

    public ContextOptions {
        positive("contextSize", contextSize);
        positive("batchSize", batchSize);
        positive("ubatchSize", ubatchSize);
        positive("threads", threads);
        positive("threadsBatch", threadsBatch);
        if (sequences < 1 || sequences > MAX_SEQUENCES) {
            throw new IllegalArgumentException("sequences must be in 1.." + MAX_SEQUENCES + ", was " + sequences);
        }
        if (ubatchSize > batchSize) {
            throw new IllegalArgumentException("ubatchSize " + ubatchSize + " exceeds batchSize " + batchSize);
        }
        if (typeK == null || typeV == null) {
            throw new IllegalArgumentException("KV cache types must be set");
        }
        if (!KV_CACHE_TYPES.contains(typeK) || !KV_CACHE_TYPES.contains(typeV)) {
            throw new IllegalArgumentException("KV cache types must be among " + KV_CACHE_TYPES + ", were "
                    + typeK + " and " + typeV);
        }
        if (typeV != GgmlType.F16 && typeV != GgmlType.F32 && typeV != GgmlType.BF16 && !flashAttention) {
            throw new IllegalArgumentException("a quantised V cache (" + typeV + ") needs flash attention");
        }
    }

    /** Options with llama.cpp's default of one KV stream per sequence. */
    public ContextOptions(int contextSize, int batchSize, int ubatchSize, int sequences, int threads,
                          int threadsBatch, GgmlType typeK, GgmlType typeV, boolean flashAttention) {
        this(contextSize, batchSize, ubatchSize, sequences, threads, threadsBatch, typeK, typeV, flashAttention, false);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }

    public static ContextOptions defaults() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new ContextOptions(4096, 512, 512, 1, cores, cores, GgmlType.F16, GgmlType.F16, false);
    }

    public ContextOptions withContextSize(int n) {
        return new ContextOptions(n, batchSize, ubatchSize, sequences, threads, threadsBatch, typeK, typeV, flashAttention, unifiedKv);
    }

    public ContextOptions withBatch(int batch, int ubatch) {
        return new ContextOptions(contextSize, batch, ubatch, sequences, threads, threadsBatch, typeK, typeV, flashAttention, unifiedKv);
    }

    public ContextOptions withSequences(int n) {
        return new ContextOptions(contextSize, batchSize, ubatchSize, n, threads, threadsBatch, typeK, typeV, flashAttention, unifiedKv);
    }

    public ContextOptions withThreads(int t, int tBatch) {
        return new ContextOptions(contextSize, batchSize, ubatchSize, sequences, t, tBatch, typeK, typeV, flashAttention, unifiedKv);
    }

    public ContextOptions withKvTypes(GgmlType k, GgmlType v) {
        return new ContextOptions(contextSize, batchSize, ubatchSize, sequences, threads, threadsBatch, k, v, flashAttention, unifiedKv);
    }

    public ContextOptions withUnifiedKv(boolean unified) {
        return new ContextOptions(contextSize, batchSize, ubatchSize, sequences, threads, threadsBatch, typeK, typeV,
                flashAttention, unified);
    }

    public ContextOptions withFlashAttention(boolean on) {
        return new ContextOptions(contextSize, batchSize, ubatchSize, sequences, threads, threadsBatch, typeK, typeV, on, unifiedKv);
    }
}
