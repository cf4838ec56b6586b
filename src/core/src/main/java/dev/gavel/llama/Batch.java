package dev.gavel.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A reusable input batch for {@link LlamaContext#decode}: tokens, their positions, the sequences
 * each belongs to, and which positions need logits. The memory is Java-owned (one arena per
 * batch), so there is no native batch to leak; every entry is validated on {@link #add} so that
 * llama.cpp never sees a token, position or sequence id it could fault on.
 */
public final class Batch implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final int maxSeqPerToken;
    private final int vocabSize;
    private final int sequenceLimit;
    private final MemorySegment struct;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment nSeqIds;
    private final MemorySegment seqIdPointers;
    private final MemorySegment seqIds;
    private final MemorySegment logits;
    private int size;
    private int logitCount;
    private boolean closed;

    Batch(int capacity, int maxSeqPerToken, int vocabSize, int sequenceLimit) {
        if (capacity <= 0 || maxSeqPerToken <= 0) {
            throw new IllegalArgumentException("batch capacity and sequences per token must be > 0");
        }
        this.capacity = capacity;
        this.maxSeqPerToken = maxSeqPerToken;
        this.vocabSize = vocabSize;
        this.sequenceLimit = sequenceLimit;
        this.struct = arena.allocate(Structs.BATCH);
        this.tokens = arena.allocate(JAVA_INT, capacity);
        this.positions = arena.allocate(JAVA_INT, capacity);
        this.nSeqIds = arena.allocate(JAVA_INT, capacity);
        this.seqIdPointers = arena.allocate(ADDRESS, capacity);
        this.seqIds = arena.allocate(JAVA_INT, (long) capacity * maxSeqPerToken);
        this.logits = arena.allocate(JAVA_BYTE, capacity);
        for (int i = 0; i < capacity; i++) {
            seqIdPointers.setAtIndex(ADDRESS, i, seqIds.asSlice((long) i * maxSeqPerToken * Integer.BYTES));
        }
        Structs.setAddress(struct, Structs.BATCH, "token", tokens);
        Structs.setAddress(struct, Structs.BATCH, "embd", MemorySegment.NULL);
        Structs.setAddress(struct, Structs.BATCH, "pos", positions);
        Structs.setAddress(struct, Structs.BATCH, "n_seq_id", nSeqIds);
        Structs.setAddress(struct, Structs.BATCH, "seq_id", seqIdPointers);
        Structs.setAddress(struct, Structs.BATCH, "logits", logits);
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /** How many entries ask for logits. */
    public int logitCount() {
        return logitCount;
    }

    public void clear() {
        ensureOpen();
        size = 0;
        logitCount = 0;
    }

    /** Adds one token of one sequence; returns its index in the batch (the index for logits). */
    public int add(int token, int position, int sequence, boolean wantLogits) {
        ensureOpen();
        checkEntry(token, position);
        checkSequence(sequence);
        int i = size;
        tokens.setAtIndex(JAVA_INT, i, token);
        positions.setAtIndex(JAVA_INT, i, position);
        nSeqIds.setAtIndex(JAVA_INT, i, 1);
        seqIds.setAtIndex(JAVA_INT, (long) i * maxSeqPerToken, sequence);
        logits.setAtIndex(JAVA_BYTE, i, (byte) (wantLogits ? 1 : 0));
        if (wantLogits) {
            logitCount++;
        }
        size = i + 1;
        return i;
    }

    /** Adds one token shared by several sequences (their KV cells are shared). */
    public int add(int token, int position, int[] sequences, boolean wantLogits) {
        ensureOpen();
        checkEntry(token, position);
        if (sequences.length == 0 || sequences.length > maxSeqPerToken) {
            throw new IllegalArgumentException("a token belongs to 1.." + maxSeqPerToken + " sequences, got " + sequences.length);
        }
        for (int s : sequences) {
            checkSequence(s);
        }
        int i = size;
        tokens.setAtIndex(JAVA_INT, i, token);
        positions.setAtIndex(JAVA_INT, i, position);
        nSeqIds.setAtIndex(JAVA_INT, i, sequences.length);
        for (int k = 0; k < sequences.length; k++) {
            seqIds.setAtIndex(JAVA_INT, (long) i * maxSeqPerToken + k, sequences[k]);
        }
        logits.setAtIndex(JAVA_BYTE, i, (byte) (wantLogits ? 1 : 0));
        if (wantLogits) {
            logitCount++;
        }
        size = i + 1;
        return i;
    }

    boolean wantsLogits(int index) {
        return index >= 0 && index < size && logits.getAtIndex(JAVA_BYTE, index) != 0;
    }

    private void checkEntry(int token, int position) {
        if (size >= capacity) {
            throw new IllegalStateException("batch is full (" + capacity + " tokens)");
        }
        if (token < 0 || token >= vocabSize) {
            throw new IllegalArgumentException("token id " + token + " outside the vocabulary (0.." + (vocabSize - 1) + ")");
        }
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
    }

    private void checkSequence(int sequence) {
        if (sequence < 0 || sequence >= sequenceLimit) {
            throw new IllegalArgumentException("sequence id " + sequence + " outside 0.." + (sequenceLimit - 1));
        }
    }

    /** The struct to pass by value, with n_tokens set. */
    MemorySegment struct() {
        ensureOpen();
        Structs.setInt(struct, Structs.BATCH, "n_tokens", size);
        return struct;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("batch is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
