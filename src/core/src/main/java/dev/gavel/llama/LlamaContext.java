package dev.gavel.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * An inference context: the KV cache and the decode entry point. Not thread-safe, as llama.cpp's
 * contexts are not: one thread should own it for its whole life (Gavel's engine runs every
 * decode on its loop thread, which also keeps llama.cpp's OpenMP pool from oversubscribing cores).
 *
 * <p>KV positions are per sequence; a range [p0, p1) with a negative bound means "to the end".
 */
public final class LlamaContext extends NativeResource {
    /** Outcome of a decode call that did not fail outright. */
    public enum DecodeStatus {
        OK,
        /** No free KV cells for this batch; remove sequences or use a smaller batch. */
        NO_KV_SLOT
    }

    private final LlamaModel model;
    private final LlamaNative lib;
    private final ContextOptions options;
    private final int contextSize;
    private final int batchLimit;
    private final int sequenceLimit;
    private final int sequenceCapacity;
    private final MemorySegment memory;
    private final int vocabSize;
    private Batch lastBatch;

    private LlamaContext(LlamaModel model, LlamaNative lib, ContextOptions options, MemorySegment handle) {
        super("context", handle);
        this.model = model;
        this.lib = lib;
        this.options = options;
        try {
            this.contextSize = (int) lib.nCtx.invokeExact(handle);
            this.batchLimit = (int) lib.nBatch.invokeExact(handle);
            this.sequenceLimit = (int) lib.nSeqMax.invokeExact(handle);
            this.sequenceCapacity = options.unifiedKv() ? contextSize : (int) lib.nCtxSeq.invokeExact(handle);
            this.memory = (MemorySegment) lib.getMemory.invokeExact(handle);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
        this.vocabSize = model.vocabulary().size();
    }

    static LlamaContext create(LlamaModel model, LlamaNative lib, ContextOptions options) {
        MemorySegment modelHandle = model.handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) lib.contextDefaultParams.invokeExact((SegmentAllocator) arena);
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "n_ctx", options.contextSize());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "n_batch", options.batchSize());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "n_ubatch", options.ubatchSize());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "n_seq_max", options.sequences());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "n_threads", options.threads());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "n_threads_batch", options.threadsBatch());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "type_k", options.typeK().id());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "type_v", options.typeV().id());
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "flash_attn_type", options.flashAttention() ? 1 : 0);
            Structs.setBool(p, Structs.CONTEXT_PARAMS, "kv_unified", options.unifiedKv());
            // One logit row per sequence per micro-batch is all the engine asks for; llama.cpp's
            // default of 1 would refuse a caller that reads two positions of one sequence.
            Structs.setInt(p, Structs.CONTEXT_PARAMS, "n_outputs_max_per_seq", 0);
            MemorySegment handle = (MemorySegment) lib.initFromModel.invokeExact(modelHandle, p);
            if (handle.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("llama.cpp could not create a context with " + options
                        + ": " + NativeLog.lastError());
            }
            return new LlamaContext(model, lib, options, handle);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    public LlamaModel model() {
        return model;
    }

    public ContextOptions options() {
        return options;
    }

    /** KV cells actually allocated (llama.cpp may round the requested size up). */
    public int contextSize() {
        return contextSize;
    }

    public int batchLimit() {
        return batchLimit;
    }

    public int sequenceLimit() {
        return sequenceLimit;
    }

    /** A batch sized for this context; the caller owns (and closes) it. */
    public Batch newBatch(int capacity) {
        if (capacity > batchLimit) {
            throw new IllegalArgumentException("batch capacity " + capacity + " exceeds the context's batch size " + batchLimit);
        }
        return new Batch(capacity, sequenceLimit, vocabSize, sequenceLimit);
    }

    /**
     * Runs the model over a batch. Logits of the positions that asked for them are then readable
     * through {@link #logits(int)} until the next decode.
     */
    public DecodeStatus decode(Batch batch) {
        MemorySegment h = handle();
        if (batch.size() == 0) {
            throw new IllegalArgumentException("cannot decode an empty batch");
        }
        if (batch.size() > batchLimit) {
            throw new IllegalArgumentException("batch of " + batch.size() + " tokens exceeds the context's batch size " + batchLimit);
        }
        int rc;
        List<String> errors;
        // Different contexts decode concurrently (llama.cpp v0.4.0 keeps their state apart; b4916
        // did not, and every decode then took a process-wide lock: ConcurrentDecodeTest). Two
        // threads on one context would corrupt it, so those still take turns.
        synchronized (this) {
            long errorMark = NativeLog.errorMark();
            try {
                rc = (int) lib.decode.invokeExact(h, batch.struct());
            } catch (Throwable t) {
                throw LlamaNative.rethrow(t);
            }
            errors = rc == 0 ? List.of() : NativeLog.errorsSince(errorMark);
        }
        lastBatch = batch;
        if (rc == 0) {
            return DecodeStatus.OK;
        }
        // 1: no room in the KV cache for the batch (nothing computed); 2: aborted; < 0: a bad
        // batch (-1) or a compute failure.
        if (rc == 1) {
            return DecodeStatus.NO_KV_SLOT;
        }
        throw new IllegalStateException("llama_decode failed with code " + rc + ": "
                + (errors.isEmpty() ? NativeLog.lastError() : String.join("; ", errors)));
    }

    /**
     * The logits (one float per vocabulary token) at a batch index that asked for them. The
     * segment is a view of llama.cpp's buffer: valid only until the next decode on this context.
     */
    public MemorySegment logits(int batchIndex) {
        MemorySegment h = handle();
        if (lastBatch == null || !lastBatch.wantsLogits(batchIndex)) {
            throw new IllegalArgumentException("batch index " + batchIndex + " did not ask for logits in the last decode");
        }
        MemorySegment p;
        try {
            p = (MemorySegment) lib.getLogitsIth.invokeExact(h, batchIndex);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
        if (p.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("no logits at batch index " + batchIndex + ": " + NativeLog.lastError());
        }
        return p.reinterpret((long) vocabSize * JAVA_FLOAT.byteSize());
    }

    /** Copies the logits at a batch index into a new array. */
    public float[] logitsArray(int batchIndex) {
        return logits(batchIndex).toArray(JAVA_FLOAT);
    }

    public void setThreads(int threads, int threadsBatch) {
        if (threads <= 0 || threadsBatch <= 0) {
            throw new IllegalArgumentException("thread counts must be > 0");
        }
        try {
            lib.setNThreads.invokeExact(handle(), threads, threadsBatch);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    // ---- KV cache sequence operations (llama_memory_* on the context's memory) ----

    /** Cells each sequence can hold: all of them in a unified cache, else its own stream's size. */
    public int sequenceCapacity() {
        return sequenceCapacity;
    }

    /** True when all sequences share one KV buffer (forks share cells). */
    public boolean unifiedKv() {
        return options.unifiedKv();
    }

    public void clearKv() {
        try {
            lib.memoryClear.invokeExact(memory(), true);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** Removes the cells of a sequence in [p0, p1); returns false if llama.cpp could not (partial removal of a recurrent model). */
    public boolean kvRemove(int sequence, int p0, int p1) {
        checkSequence(sequence, true);
        try {
            return (boolean) lib.memorySeqRm.invokeExact(memory(), sequence, p0, p1);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /**
     * Copies the cells of {@code src} in [p0, p1) to {@code dst}: shared without a copy in a
     * unified cache. Between per-sequence streams llama.cpp can only copy a whole stream (it
     * aborts the process on a partial range), so a partial range is refused here; use
     * {@link #kvFork} for a prefix.
     */
    public void kvCopy(int src, int dst, int p0, int p1) {
        checkSequence(src, false);
        checkSequence(dst, false);
        if (!options.unifiedKv() && src != dst && (p0 > 0 || p1 > 0)) {
            throw new IllegalArgumentException("a partial copy between per-sequence KV streams is not supported"
                    + " (range " + p0 + ".." + p1 + "); use kvFork");
        }
        try {
            lib.memorySeqCp.invokeExact(memory(), src, dst, p0, p1);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /**
     * Makes {@code dst} hold the first {@code length} positions of {@code src}, dropping what dst
     * held: shared cells in a unified cache; with per-sequence streams the whole stream is copied
     * (on the next decode) and the tail past {@code length} removed again.
     */
    public void kvFork(int src, int dst, int length) {
        checkSequence(src, false);
        checkSequence(dst, false);
        if (src == dst || length <= 0) {
            throw new IllegalArgumentException("cannot fork " + length + " positions of sequence " + src + " into " + dst);
        }
        kvRemove(dst, -1, -1);
        if (options.unifiedKv()) {
            kvCopy(src, dst, 0, length);
        } else {
            kvCopy(src, dst, -1, -1);
            kvRemove(dst, length, -1);
        }
    }

    /**
     * Removes from this sequence's cells every other sequence's claim: in a unified cache only
     * this sequence's cells remain; a per-sequence stream holds no other sequence's cells anyway.
     */
    public void kvKeep(int sequence) {
        checkSequence(sequence, false);
        try {
            lib.memorySeqKeep.invokeExact(memory(), sequence);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** The largest position stored for a sequence, -1 when it holds none. */
    public int kvMaxPosition(int sequence) {
        checkSequence(sequence, false);
        try {
            return (int) lib.memorySeqPosMax.invokeExact(memory(), sequence);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** The smallest position stored for a sequence, -1 when it holds none. */
    public int kvMinPosition(int sequence) {
        checkSequence(sequence, false);
        try {
            return (int) lib.memorySeqPosMin.invokeExact(memory(), sequence);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    private MemorySegment memory() {
        handle(); // use after close throws here, before native code sees a dangling pointer
        return memory;
    }

    private void checkSequence(int sequence, boolean allowAll) {
        if ((allowAll && sequence == -1)) {
            return;
        }
        if (sequence < 0 || sequence >= sequenceLimit) {
            throw new IllegalArgumentException("sequence id " + sequence + " outside 0.." + (sequenceLimit - 1));
        }
    }

    @Override
    void free(MemorySegment handle) {
        model.forget(this);
        try {
            lib.free.invokeExact(handle);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    @Override
    public String toString() {
        return "LlamaContext[n_ctx=" + contextSize + ", seqs=" + sequenceLimit + (isClosed() ? ", closed" : "") + "]";
    }
}
