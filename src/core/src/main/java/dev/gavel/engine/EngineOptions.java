package dev.gavel.engine;

import dev.gavel.gguf.GgmlType;
import dev.gavel.llama.ContextOptions;

/**
 * How an {@link Engine} is set up. Sequence ids are split between {@code parallel} active requests
 * and {@code cachedPrefixes} slots that keep finished prompts for reuse; together they must not
 * exceed llama.cpp's 256.
 *
 * @param contextSize    KV cells one request may use (prompt plus output); with per-sequence KV
 *                       each slot gets this many, in a unified cache all slots share this many
 * @param batchSize      most tokens per decode call (also the micro-batch, so a decode that finds
 *                       no KV room fails before computing anything)
 * @param parallel       requests decoded together
 * @param cachedPrefixes extra sequence slots that keep finished prompts for prefix reuse (0 = none)
 * @param prefixCache    reuse KV of shared prompt prefixes
 * @param threads        compute threads
 * @param flashAttention use flash attention
 * @param kvType         KV cache element type
 * @param unifiedKv      one KV buffer for all sequences (forks share cells, but every token
 *                       attends over every sequence's cells) instead of one stream per sequence
 */
public record EngineOptions(int contextSize, int batchSize, int parallel, int cachedPrefixes, boolean prefixCache,
                            int threads, boolean flashAttention, GgmlType kvType, boolean unifiedKv) {
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


    /** llama.cpp clamps the batch to the context size; so does the engine. */
    public int effectiveBatchSize() {
        return Math.min(batchSize, contextCells());
    }

    /** Cells of the whole llama.cpp context: one stream of {@code contextSize} per slot, or one shared buffer. */
    public int contextCells() {
        return unifiedKv ? contextSize : Math.multiplyExact(contextSize, sequenceSlots());
    }

    ContextOptions toContextOptions() {
        int batch = effectiveBatchSize();
        return new ContextOptions(contextCells(), batch, batch, sequenceSlots(), threads, threads,
                kvType, kvType, flashAttention, unifiedKv);
    }

    /**
     * Builder for engines built directly (tests, benchmarks): 4096 cells per request, 8 parallel,
     * prefix cache on, one KV stream per sequence. A {@code Judge} sets every field from
     * {@link Tuning}, where the user-facing defaults live. Unless set, an engine keeps one
     * finished prompt cached in a spare slot: with per-sequence KV each spare slot costs a whole
     * stream of memory, and in a unified cache every cached cell costs attention for every later
     * token (a single sequence next to 8 cached prompts ran slower than with none); a unified
     * engine with several sequences keeps 8.
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
        private boolean unifiedKv = false;

        public Builder unifiedKv(boolean on) {
            this.unifiedKv = on;
            return this;
        }

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
                    : parallel == 1 || !unifiedKv ? 1 : Math.max(0, Math.min(8, ContextOptions.MAX_SEQUENCES - parallel));
            return new EngineOptions(contextSize, batchSize, parallel, cached, prefixCache, threads,
                    flashAttention, kvType, unifiedKv);
        }
    }
}
