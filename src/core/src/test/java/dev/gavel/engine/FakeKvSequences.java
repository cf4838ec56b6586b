package dev.gavel.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A KV cache in Java for scheduler and slot tests: each sequence holds positions 0..n-1, as the
 * engine writes them. It records every operation, and refuses what llama.cpp would get wrong: a
 * fork of cells the source has not computed, a write that leaves a gap or overwrites positions.
 */
final class FakeKvSequences implements KvSequences {
    private final int capacity;
    private final int[] cells;
    private final List<String> operations = new ArrayList<>();

    FakeKvSequences(int sequences, int capacity) {
        this.cells = new int[sequences];
        this.capacity = capacity;
    }

    @Override
    public int sequenceCapacity() {
        return capacity;
    }

    @Override
    public void truncate(int sequence, int length) {
        operations.add("truncate " + sequence + " " + length);
        cells[sequence] = Math.min(cells[sequence], length);
    }

    @Override
    public void clear(int sequence) {
        operations.add("clear " + sequence);
        cells[sequence] = 0;
    }

    @Override
    public void fork(int source, int target, int length) {
        operations.add("fork " + source + " " + target + " " + length);
        if (cells[source] < length) {
            throw new AssertionError("fork of " + length + " cells from sequence " + source + " holding " + cells[source]);
        }
        cells[target] = length;
    }

    @Override
    public int cellsHeld(int sequence) {
        return cells[sequence];
    }

    /** What a decode does: writes {@code count} cells from {@code position}, which must be the sequence's end. */
    void write(int sequence, int position, int count) {
        if (position != cells[sequence]) {
            throw new AssertionError("sequence " + sequence + " holds " + cells[sequence] + " cells, a write at " + position);
        }
        if (cells[sequence] + count > capacity) {
            throw new AssertionError("sequence " + sequence + " overflows its " + capacity + " cells");
        }
        cells[sequence] += count;
    }

    int cells(int sequence) {
        return cells[sequence];
    }

    /** The operations since the last call, oldest first, and forgets them. */
    List<String> takeOperations() {
        List<String> out = List.copyOf(operations);
        operations.clear();
        return out;
    }
}
