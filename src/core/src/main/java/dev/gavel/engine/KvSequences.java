package dev.gavel.engine;

/**
 * The native KV cache operations the {@link KvSlotManager} needs: one KV sequence per slot, each
 * holding positions 0.. of one prompt and its output. A port, so that slots, prefix reuse and
 * eviction can be tested without llama.cpp; {@link LlamaKvSequences} implements it on a context.
 */
interface KvSequences {

    /** Cells one sequence can hold: its own stream with per-sequence KV, the whole cache when unified. */
    int sequenceCapacity();

    /** Drops the sequence's cells at positions {@code length} and beyond. */
    void truncate(int sequence, int length);

    /** Drops every cell of the sequence. */
    void clear(int sequence);

    /**
     * Makes {@code target} hold the first {@code length} positions of {@code source}, dropping what
     * it held. The adapter decides how (shared cells or a whole-stream copy then a trim): llama.cpp
     * aborts on a partial copy between per-sequence streams.
     */
    void fork(int source, int target, int length);

    /**
     * Cells the native cache reports for the sequence, from its lowest to its highest position; 0
     * when it holds none. Independent of the manager's own count, so that a leak shows.
     */
    int cellsHeld(int sequence);
}
