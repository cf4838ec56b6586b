package dev.gavel.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A model's vocabulary: tokenisation, detokenisation, token pieces and special tokens. Owned by
 * its {@link LlamaModel}; every call checks the model is still open. Thread-safe: llama.cpp's
 * vocabulary functions only read immutable tables.
 */
public final class Vocabulary {
    /** llama_token_attr bits of tokens that never stand for text. */
    private static final int ATTR_NOT_TEXT = (1 << 0) /* unknown */ | (1 << 1) /* unused */ | (1 << 3) /* control */;

    private final LlamaModel model;
    private final LlamaNative lib;
    private final MemorySegment vocab;
    private final int size;
    private volatile byte[][] pieces;
    private volatile boolean[] eog;
    private volatile boolean[] control;
    private volatile Boolean spacePrefix;

    Vocabulary(LlamaModel model, LlamaNative lib, MemorySegment vocab) {
        this.model = model;
        this.lib = lib;
        this.vocab = vocab;
        try {
            this.size = (int) lib.vocabNTokens.invokeExact(vocab);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    private MemorySegment live() {
        model.handle();
        return vocab;
    }

    public int size() {
        return size;
    }

    public int bos() {
        return special(lib.vocabBos);
    }

    public int eos() {
        return special(lib.vocabEos);
    }

    /** End-of-turn token, or -1 when the vocabulary has none. */
    public int eot() {
        return special(lib.vocabEot);
    }

    public int newline() {
        return special(lib.vocabNl);
    }

    public int pad() {
        return special(lib.vocabPad);
    }

    /** Whether llama.cpp adds BOS when tokenizing with special tokens. */
    public boolean addsBos() {
        try {
            return (boolean) lib.vocabGetAddBos.invokeExact(live());
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    private int special(java.lang.invoke.MethodHandle fn) {
        try {
            return (int) fn.invokeExact(live());
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** Cached per token: the decoding loop asks this for every sampled token. */
    public boolean isEndOfGeneration(int token) {
        checkToken(token);
        boolean[] flags = eog;
        if (flags == null) {
            allPieces();
            flags = eog;
        }
        return flags[token];
    }

    /** Whether the token is a control, unknown or unused token, one that never stands for text. */
    public boolean isControl(int token) {
        checkToken(token);
        boolean[] flags = control;
        if (flags == null) {
            allPieces();
            flags = control;
        }
        return flags[token];
    }

    private boolean nativeIsEog(int token) {
        try {
            return (boolean) lib.vocabIsEog.invokeExact(live(), token);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    private boolean nativeIsControl(int token) {
        try {
            int attr = (int) lib.vocabGetAttr.invokeExact(live(), token);
            boolean control = (boolean) lib.vocabIsControl.invokeExact(live(), token);
            return control || (attr & ATTR_NOT_TEXT) != 0;
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** The token's text as stored in the vocabulary (e.g. "▁the", "&lt;0x0A&gt;"). */
    public String text(int token) {
        checkToken(token);
        try {
            MemorySegment s = (MemorySegment) lib.vocabGetText.invokeExact(live(), token);
            return s.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** Plain-text tokenisation: no BOS, special-token text treated as text. */
    public int[] tokenize(String text) {
        return tokenize(text, false, false);
    }

    /**
     * Tokenises text.
     *
     * @param addSpecial   add BOS/EOS as the model's metadata asks
     * @param parseSpecial turn special-token text such as {@code <|im_end|>} into the special token;
     *                     must be false for untrusted text
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        Objects.requireNonNull(text, "text");
        MemorySegment v = live();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctext = arena.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, ctext, JAVA_BYTE, 0, utf8.length);
            int capacity = utf8.length + 8;
            MemorySegment out = arena.allocate(JAVA_INT, capacity);
            int n = (int) lib.tokenize.invokeExact(v, ctext, utf8.length, out, capacity, addSpecial, parseSpecial);
            if (n < 0) {
                capacity = -n;
                out = arena.allocate(JAVA_INT, capacity);
                n = (int) lib.tokenize.invokeExact(v, ctext, utf8.length, out, capacity, addSpecial, parseSpecial);
                if (n < 0) {
                    throw new IllegalStateException("llama_tokenize failed (" + n + ")");
                }
            }
            return out.asSlice(0, (long) n * Integer.BYTES).toArray(JAVA_INT);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /**
     * Whether llama.cpp puts a word-start space in front of text it tokenizes (SentencePiece
     * vocabularies such as Llama 2's and Mistral's do, at the start of a string and after a
     * special token; byte-level BPE vocabularies do not).
     */
    public boolean addsSpacePrefix() {
        Boolean known = spacePrefix;
        if (known == null) {
            int[] ids = tokenize("a", false, false);
            byte[] first = ids.length == 0 ? new byte[0] : tokenBytes(ids[0]);
            known = first.length > 0 && first[0] == ' ';
            spacePrefix = known;
        }
        return known;
    }

    /**
     * Tokenizes text that continues a prompt after ordinary text, as a whole-string tokenization
     * would: without the word-start space {@link #addsSpacePrefix() SentencePiece vocabularies}
     * invent at the start of every call. Done by tokenizing {@code "\n" + text} (the newline is a
     * byte token that never merges with what follows) and dropping what the prefix produced;
     * falls back to plain tokenization if the vocabulary does not split it that way.
     */
    public int[] tokenizeContinuation(String text, boolean parseSpecial) {
        if (text.isEmpty() || !addsSpacePrefix()) {
            return tokenize(text, false, parseSpecial);
        }
        int[] ids = tokenize("\n" + text, false, parseSpecial);
        java.io.ByteArrayOutputStream prefix = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < ids.length && prefix.size() < 2; i++) {
            prefix.writeBytes(tokenBytes(ids[i]));
            String seen = prefix.toString(StandardCharsets.UTF_8);
            if (seen.equals(" \n") || seen.equals("\n")) {
                return java.util.Arrays.copyOfRange(ids, i + 1, ids.length);
            }
        }
        return tokenize(text, false, parseSpecial);
    }

    /**
     * The bytes one token renders to.
     *
     * @param special render control tokens as their text (e.g. "&lt;/s&gt;"); when false they render empty
     */
    public byte[] piece(int token, boolean special) {
        checkToken(token);
        MemorySegment v = live();
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 64;
            MemorySegment buf = arena.allocate(capacity);
            int n = (int) lib.tokenToPiece.invokeExact(v, token, buf, capacity, 0, special);
            if (n < 0) {
                capacity = -n;
                buf = arena.allocate(capacity);
                n = (int) lib.tokenToPiece.invokeExact(v, token, buf, capacity, 0, special);
            }
            return n <= 0 ? new byte[0] : buf.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** Cached {@link #piece(int, boolean) piece(token, false)}: the exact bytes a token adds to output text. */
    public byte[] tokenBytes(int token) {
        checkToken(token);
        byte[][] all = pieces;
        if (all == null) {
            all = allPieces();
        }
        return all[token];
    }

    private synchronized byte[][] allPieces() {
        if (pieces == null) {
            byte[][] all = new byte[size][];
            boolean[] eogFlags = new boolean[size];
            boolean[] controlFlags = new boolean[size];
            for (int t = 0; t < size; t++) {
                all[t] = piece(t, false);
                eogFlags[t] = nativeIsEog(t);
                controlFlags[t] = nativeIsControl(t);
            }
            eog = eogFlags;
            control = controlFlags;
            pieces = all;
        }
        return pieces;
    }

    /** Renders tokens back to text. */
    public String detokenize(int[] tokens, boolean removeSpecial, boolean unparseSpecial) {
        for (int t : tokens) {
            checkToken(t);
        }
        MemorySegment v = live();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctokens = arena.allocateFrom(JAVA_INT, tokens);
            int capacity = Math.max(16, tokens.length * 8);
            MemorySegment buf = arena.allocate(capacity);
            int n = (int) lib.detokenize.invokeExact(v, ctokens, tokens.length, buf, capacity, removeSpecial, unparseSpecial);
            if (n < 0) {
                capacity = -n;
                buf = arena.allocate(capacity);
                n = (int) lib.detokenize.invokeExact(v, ctokens, tokens.length, buf, capacity, removeSpecial, unparseSpecial);
            }
            return n <= 0 ? "" : new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** The raw vocabulary pointer for other binding classes; checks the model is open. */
    MemorySegment vocabHandleForNative() {
        return live();
    }

    private void checkToken(int token) {
        if (token < 0 || token >= size) {
            throw new IllegalArgumentException("token id " + token + " outside the vocabulary (0.." + (size - 1) + ")");
        }
    }
}
