package dev.gavel.gguf;

import dev.gavel.ModelLoadException;
import dev.gavel.ModelLoadException.Reason;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tokenizer.*} metadata of a model: everything llama.cpp needs to build its
 * vocabulary. Obtained from another GGUF file or generated.
 *
 * @param metadata the tokenizer keys and values, in file order
 * @param size     number of tokens
 */
public record GgufVocabulary(Map<String, GgufValue> metadata, int size) {
    public static final String KEY_TOKENS = "tokenizer.ggml.tokens";

    /** llama.cpp token types. */
    static final int TYPE_NORMAL = 1;
    static final int TYPE_UNKNOWN = 2;
    static final int TYPE_CONTROL = 3;
    static final int TYPE_USER_DEFINED = 4;
    static final int TYPE_BYTE = 6;

    public GgufVocabulary {
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (size <= 0) {
            throw new IllegalArgumentException("vocabulary is empty");
        }
    }

    /**
     * All {@code tokenizer.*} keys of another GGUF file.
     *
     * @throws ModelLoadException when the file cannot be read or has no token list
     */
    public static GgufVocabulary copyFrom(Path gguf) throws ModelLoadException {
        GgufFile f = GgufFile.read(gguf);
        Map<String, GgufValue> keys = new LinkedHashMap<>();
        f.metadata().forEach((k, v) -> {
            if (k.startsWith("tokenizer.")) {
                keys.put(k, v);
            }
        });
        int size = f.getArray(KEY_TOKENS).filter(a -> a.elementType() == GgufValueType.STRING)
                .map(GgufArray::size).orElse(0);
        if (size == 0) {
            throw new ModelLoadException(gguf, Reason.MALFORMED, "no " + KEY_TOKENS + " string array to copy");
        }
        return new GgufVocabulary(keys, size);
    }

    /**
     * A SentencePiece-style ("llama") vocabulary with byte fallback, so llama.cpp can tokenize
     * any UTF-8 text: {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens, then word
     * pieces, single characters and letter n-grams with descending scores.
     *
     * @param size total tokens, at least 300
     */
    public static GgufVocabulary byteLevelSpm(int size) {
        if (size < 300) {
            throw new IllegalArgumentException("a byte-level vocabulary needs at least 300 tokens, got " + size);
        }
        List<String> tokens = new ArrayList<>(size);
        List<Float> scores = new ArrayList<>(size);
        List<Integer> types = new ArrayList<>(size);
        tokens.add("<unk>");
        types.add(TYPE_UNKNOWN);
        tokens.add("<s>");
        types.add(TYPE_CONTROL);
        tokens.add("</s>");
        types.add(TYPE_CONTROL);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(TYPE_BYTE);
        }
        for (int i = 0; i < tokens.size(); i++) {
            scores.add(0f);
        }
        Set<String> pieces = new LinkedHashSet<>();
        for (String piece : piecesInPreferenceOrder(size)) {
            if (tokens.size() + pieces.size() >= size) {
                break;
            }
            pieces.add(piece);
        }
        int rank = 0;
        for (String p : pieces) {
            tokens.add(p);
            scores.add((float) -rank++);
            types.add(TYPE_NORMAL);
        }
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        m.put(KEY_TOKENS, GgufValue.ofArray(GgufValueType.STRING, tokens));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValueType.FLOAT32, scores));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValueType.INT32, types));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.ofUInt32(1));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.ofUInt32(2));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.ofUInt32(0));
        m.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(true));
        m.put("tokenizer.ggml.add_eos_token", GgufValue.ofBool(false));
        return new GgufVocabulary(m, tokens.size());
    }

    /** Candidate pieces, most useful first; duplicates are dropped by the caller. */
    private static List<String> piecesInPreferenceOrder(int size) {
        List<String> out = new ArrayList<>();
        String space = "\u2581";
        out.add(space);
        for (String w : ("the of and to a in is that for it was on with as he she you I his her they at be this "
                + "from by had not are but or have an were one all we there when up so out if about who "
                + "them then would what time could into more than some said like very little once upon "
                + "day happy big saw went").split(" ")) {
            out.add(space + w);
        }
        String letters = "etaoinshrdlcumwfgypbvkjxqz";
        for (char c : letters.toCharArray()) {
            out.add(String.valueOf(c));
        }
        for (char c : letters.toUpperCase(Locale.ROOT).toCharArray()) {
            out.add(String.valueOf(c));
        }
        for (char c = '0'; c <= '9'; c++) {
            out.add(String.valueOf(c));
        }
        for (char c : ".,!?'\"-:;()[]{}<>/\\@#$%^&*_+=~`|".toCharArray()) {
            out.add(String.valueOf(c));
        }
        for (char c : letters.toCharArray()) {
            out.add(space + c);
        }
        for (char c : letters.toUpperCase(Locale.ROOT).toCharArray()) {
            out.add(space + c);
        }
        // Letter n-grams fill the rest; lengths grow only as far as the size needs.
        List<String> grams = List.of("");
        for (int n = 1; out.size() < size && n <= 4; n++) {
            List<String> next = new ArrayList<>();
            for (String g : grams) {
                for (char c : letters.toCharArray()) {
                    next.add(g + c);
                }
            }
            grams = next;
            if (n >= 2) {
                for (String g : grams) {
                    out.add(g);
                    out.add(space + g);
                    if (out.size() >= size) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
