package dev.gavel.llama;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * The simplest end-to-end consumer of the binding: one sequence, greedy decoding, on a context
 * the caller owns. A test reference, not a product: the binding's and the model files' tests
 * compare llama.cpp's output with it, and it needs nothing above the binding.
 */
public final class GreedyGenerator {
    private final LlamaContext context;
    private final Vocabulary vocabulary;

    public GreedyGenerator(LlamaContext context) {
        this.context = context;
        this.vocabulary = context.model().vocabulary();
    }

    /** Result of one generation: the generated tokens (without the prompt) and their text. */
    public record Result(int[] promptTokens, int[] tokens, String text, boolean endedOnEog) {
    }

    /** Tokenises the prompt (with BOS as the model asks, special-token text kept as text) and generates. */
    public Result generate(String prompt, int maxTokens) {
        return generate(vocabulary.tokenize(prompt, true, false), maxTokens);
    }

    public Result generate(int[] prompt, int maxTokens) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        if (prompt.length + maxTokens > context.sequenceCapacity()) {
            throw new IllegalArgumentException("prompt (" + prompt.length + " tokens) plus " + maxTokens
                    + " generated tokens exceed the context (" + context.sequenceCapacity() + ")");
        }
        context.kvRemove(0, -1, -1);
        int[] out = new int[maxTokens];
        int produced = 0;
        boolean eog = false;
        try (Batch batch = context.newBatch(Math.min(context.batchLimit(), Math.max(prompt.length, 1)))) {
            int pos = 0;
            int lastIndex = -1;
            while (pos < prompt.length) {
                batch.clear();
                int end = Math.min(prompt.length, pos + batch.capacity());
                for (int i = pos; i < end; i++) {
                    lastIndex = batch.add(prompt[i], i, 0, i == prompt.length - 1);
                }
                decodeOrFail(batch);
                pos = end;
            }
            while (produced < maxTokens) {
                int next = argmax(context.logits(lastIndex));
                if (vocabulary.isEndOfGeneration(next)) {
                    eog = true;
                    break;
                }
                out[produced++] = next;
                batch.clear();
                lastIndex = batch.add(next, pos++, 0, true);
                decodeOrFail(batch);
            }
        }
        int[] tokens = Arrays.copyOf(out, produced);
        return new Result(prompt, tokens, vocabulary.detokenize(tokens, false, false), eog);
    }

    private void decodeOrFail(Batch batch) {
        if (context.decode(batch) != LlamaContext.DecodeStatus.OK) {
            throw new IllegalStateException("no KV space for the sequence");
        }
    }

    /** Index of the largest logit; the lowest index wins a tie, as in llama.cpp's greedy sampler. */
    static int argmax(MemorySegment logits) {
        int n = (int) (logits.byteSize() / Float.BYTES);
        int best = 0;
        float bestValue = logits.getAtIndex(JAVA_FLOAT, 0);
        for (int i = 1; i < n; i++) {
            float v = logits.getAtIndex(JAVA_FLOAT, i);
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }
}
