package dev.gavel.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * llama.cpp's GBNF grammar sampler used as a logit filter: {@link #apply} sets the logits of
 * tokens the grammar forbids to negative infinity, {@link #accept} advances the grammar. One per
 * request; not thread-safe.
 */
public final class GrammarSampler extends NativeResource {
    private static final long TOKEN_DATA_SIZE = Structs.TOKEN_DATA.byteSize();

    private final LlamaNative lib;
    private final Vocabulary vocabulary;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment data;
    private final MemorySegment array;
    private final int size;

    private GrammarSampler(LlamaNative lib, Vocabulary vocabulary, MemorySegment handle) {
        super("grammar sampler", handle);
        this.lib = lib;
        this.vocabulary = vocabulary;
        this.size = vocabulary.size();
        this.data = arena.allocate(Structs.TOKEN_DATA, size);
        this.array = arena.allocate(Structs.TOKEN_DATA_ARRAY);
    }

    /**
     * Compiles a GBNF grammar for a model's vocabulary.
     *
     * @throws IllegalArgumentException when llama.cpp cannot parse the grammar
     */
    public static GrammarSampler create(LlamaModel model, String grammar, String root) {
        LlamaNative lib = LlamaNative.get();
        Vocabulary vocab = model.vocabulary();
        MemorySegment v = vocab.vocabHandleForNative();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment h = (MemorySegment) lib.samplerInitGrammar.invokeExact(v, tmp.allocateFrom(grammar), tmp.allocateFrom(root));
            if (h.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("invalid GBNF grammar (root '" + root + "'): " + NativeLog.lastError());
            }
            return new GrammarSampler(lib, vocab, h);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** Masks, in place, every logit the grammar does not allow next. */
    public void apply(float[] logits) {
        if (logits.length != size) {
            throw new IllegalArgumentException("expected " + size + " logits, got " + logits.length);
        }
        MemorySegment h = handle();
        for (int i = 0; i < size; i++) {
            long off = i * TOKEN_DATA_SIZE;
            data.set(JAVA_INT, off, i);
            data.set(JAVA_FLOAT, off + 4, logits[i]);
            data.set(JAVA_FLOAT, off + 8, 0f);
        }
        Structs.setAddress(array, Structs.TOKEN_DATA_ARRAY, "data", data);
        array.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, size);
        array.set(java.lang.foreign.ValueLayout.JAVA_LONG, 16, -1L);
        Structs.setBool(array, Structs.TOKEN_DATA_ARRAY, "sorted", false);
        try {
            lib.samplerApply.invokeExact(h, array);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
        // The sampler only rewrites logits in place (it does not reorder unsorted data).
        long n = array.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8);
        for (int i = 0; i < n; i++) {
            long off = i * TOKEN_DATA_SIZE;
            logits[data.get(JAVA_INT, off)] = data.get(JAVA_FLOAT, off + 4);
        }
    }

    /** Advances the grammar past a chosen token. */
    public void accept(int token) {
        if (token < 0 || token >= size) {
            throw new IllegalArgumentException("token id " + token + " outside the vocabulary");
        }
        try {
            lib.samplerAccept.invokeExact(handle(), token);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    @Override
    void free(MemorySegment handle) {
        try {
            lib.samplerFree.invokeExact(handle);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        } finally {
            arena.close();
        }
    }
}
