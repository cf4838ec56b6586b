package dev.gavel.engine;

import dev.gavel.llama.LlamaContext;

/** {@link KvSequences} on a llama.cpp context's memory (the {@code llama_memory_seq_*} calls). */
record LlamaKvSequences(LlamaContext context) implements KvSequences {

    @Override
    public int sequenceCapacity() {
        return context.sequenceCapacity();
    }

    @Override
    public void truncate(int sequence, int length) {
        context.kvRemove(sequence, length, -1);
    }

    @Override
    public void clear(int sequence) {
        context.kvRemove(sequence, -1, -1);
    }

    @Override
    public void fork(int source, int target, int length) {
        context.kvFork(source, target, length);
    }

    @Override
    public int cellsHeld(int sequence) {
        int max = context.kvMaxPosition(sequence);
        return max < 0 ? 0 : max - context.kvMinPosition(sequence) + 1;
    }
}
