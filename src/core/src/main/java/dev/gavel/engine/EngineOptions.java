package dev.gavel.engine;

import dev.gavel.llama.ContextOptions;
import dev.gavel.llama.GgmlType;

/**
 * How an {@link Engine} is set up. Sequence ids are split between {@code parallel} active requests
 * and {@code cachedPrefixes} slots that keep finished prompts for reuse; together they must not
 * exceed llama.cpp's 64.
 *
 * @param contextSize    KV cells shared by every sequence (llama.cpp's unified cache)
 * @param batchSize      most tokens per decode call (also the micro-batch, so a decode that finds
 *                       no KV room fails before computing anything)
 * @param parallel       requests decoded together
 * @param cachedPrefixes extra sequence slots that keep finished prompts for prefix reuse (0 = none)
 * @param prefixCache    reuse KV of shared prompt prefixes
 * @param threads        compute threads
 * @param flashAttention use flash attention
 * @param kvType         KV cache element type
 */
public record EngineOptions(int contextSize, int batchSize, int parallel, int cachedPrefixes, boolean prefixCache,
                            int threads, boolean flashAttention, GgmlType kvType) {
    public EngineOptions {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be >= 1, was " + parallel);
        }
        if (cachedPrefixes < 0) {
            throw new IllegalArgumentException("cachedPrefixes must be >= 0, was " + cachedPrefixes);
        }
        if (parallel + cachedPrefixes > ContextOptions.MAX_SEQUENCES) {
            throw new IllegalArgumentException("parallel + cachedPrefixes must be <= " + ContextOptions.MAX_SEQUENCES
                    + ", was " + (parallel + cachedPrefixes));
        }
        if (contextSize < 16) {
            throw new IllegalArgumentException("contextSize must be >= 16, was " + contextSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (kvType == null) {
            throw new IllegalArgumentException("kvType must be set");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sequence ids the context needs. */
    public int sequenceSlots() {
        return parallel + (prefixCache ? cachedPrefixes : 0);
    }

    /**
     * No KV defragmentation by llama.cpp: b4916's defragmentation aborts the process
     * (GGML_ASSERT on a view in ggml.c) on a nearly full cache of 2,048 cells or more whose
     * cells are shared between sequences, which is what a judge at parallel 4 with k samples
     * builds (found by the memory soak, docs/reliability.md). A fragmented cache is handled by
     * evicting cached prompts and decoding smaller prompt chunks instead.
     */
    static final float DEFRAG_THRESHOLD = -1f;

    /**
     * The batch size to use when none is given: 512 with flash attention or on a GPU, else 128.
     * Without flash attention llama.cpp materialises each batch's attention scores, which stop
     * fitting a CPU's caches beyond ~128 tokens of a ~1,000-token prompt (docs/performance.md).
     */
    public static int automaticBatchSize(boolean flashAttention, boolean gpuOffload) {
        return flashAttention || gpuOffload ? 512 : 128;
    }

    /** llama.cpp clamps the batch to the context size; so does the engine. */
    public int effectiveBatchSize() {
        return Math.min(batchSize, contextSize);
    }

    ContextOptions toContextOptions() {
        int batch = effectiveBatchSize();
        return new ContextOptions(contextSize, batch, batch, sequenceSlots(), threads, threads,
                kvType, kvType, flashAttention, DEFRAG_THRESHOLD);
    }

    /**
     * Builder with defaults suited to judging on a CPU: 4096 cells, 8 parallel, prefix cache on.
     * Unless set, an engine that decodes one sequence keeps one finished prompt cached and others
     * keep 8: in llama.cpp's unified KV cache every cached cell costs attention for every later
     * token, so a single sequence next to 8 cached prompts ran slower than with none.
     */
    public static final class Builder {
        private int contextSize = 4096;
        private int batchSize = 512;
        private int parallel = 8;
        /** Null: one when a single sequence decodes (a server slot's cache), else 8. */
        private Integer cachedPrefixes;
        private boolean prefixCache = true;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private boolean flashAttention = false;
        private GgmlType kvType = GgmlType.F16;

        public Builder contextSize(int n) {
            this.contextSize = n;
            return this;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        public Builder parallel(int n) {
            this.parallel = n;
            return this;
        }

        public Builder cachedPrefixes(int n) {
            this.cachedPrefixes = n;
            return this;
        }

        public Builder prefixCache(boolean on) {
            this.prefixCache = on;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder flashAttention(boolean on) {
            this.flashAttention = on;
            return this;
        }

        public Builder kvType(GgmlType type) {
            this.kvType = type;
            return this;
        }

        public EngineOptions build() {
            int cached = cachedPrefixes != null ? cachedPrefixes
                    : parallel == 1 ? 1 : Math.max(0, Math.min(8, ContextOptions.MAX_SEQUENCES - parallel));
            return new EngineOptions(contextSize, batchSize, parallel, cached, prefixCache, threads,
                    flashAttention, kvType);
        }
    }
}
