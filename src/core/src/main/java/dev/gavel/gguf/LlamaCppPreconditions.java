package dev.gavel.gguf;

import dev.gavel.ModelLoadException;
import dev.gavel.ModelLoadException.Reason;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What llama.cpp assumes of a file without checking it, checked here first. A structurally
 * valid GGUF can still make llama.cpp abort the process (a {@code GGML_ASSERT}, an uncaught C++
 * exception) or read past an array; each check below names the native behaviour it stands in
 * front of. They were found by fuzzing the fixture models (docs/reliability.md), and are the
 * reason a corrupted download is refused with a message instead of killing the JVM.
 */
final class LlamaCppPreconditions {
    static final String KEY_TOKENS = "tokenizer.ggml.tokens";
    static final String KEY_SCORES = "tokenizer.ggml.scores";
    static final String KEY_TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String KEY_MERGES = "tokenizer.ggml.merges";
    static final String KEY_CHARSMAP = "tokenizer.ggml.precompiled_charsmap";
    /** ggml's GGML_MAX_NAME: tensor names are stored in a char[64] with its terminating NUL. */
    static final int MAX_TENSOR_NAME_BYTES = 63;
    /** llama.cpp's LLAMA_MAX_LAYERS. */
    static final int LLAMA_MAX_LAYERS = 512;

    private LlamaCppPreconditions() {
    }

    static void check(GgufFile f) throws ModelLoadException {
        typedKeys(f);
        tensorTable(f);
        vocabulary(f);
    }

    /**
     * Keys llama.cpp reads with gguf's typed getters, which GGML_ASSERT the stored type, and the
     * normalization epsilons, which ggml's norm kernels GGML_ASSERT to be {@code >= 0} at the
     * first decode (a NaN fails that too).
     */
    private static void typedKeys(GgufFile f) throws ModelLoadException {
        for (String key : List.of(GgufFile.KEY_ALIGNMENT, "general.file_type")) {
            GgufValue v = f.metadata().get(key);
            if (v != null && v.type() != GgufValueType.UINT32) {
                throw refuse(f, Reason.MALFORMED, key + " must be a uint32, is " + describe(v)
                        + " (llama.cpp asserts the type and aborts)");
            }
        }
        // A model of zero blocks aborts while loading (b4916: llama_hparams::n_head(0) GGML_ABORTs;
        // v0.4.0 asserts 0 < n_layer <= LLAMA_MAX_LAYERS, which a larger count fails too).
        String arch = f.architecture().orElse("");
        GgufValue blocks = f.metadata().get(arch + ".block_count");
        if (blocks != null && blocks.type().isInteger()
                && (blocks.asLong() <= 0 || blocks.asLong() > LLAMA_MAX_LAYERS)) {
            throw refuse(f, Reason.MALFORMED, arch + ".block_count is " + Long.toUnsignedString(blocks.asLong())
                    + "; llama.cpp takes 1 to " + LLAMA_MAX_LAYERS + " layers");
        }
        for (Map.Entry<String, GgufValue> e : f.metadata().entrySet()) {
            GgufValue v = e.getValue();
            boolean isFloat = v.type() == GgufValueType.FLOAT32 || v.type() == GgufValueType.FLOAT64;
            if (e.getKey().endsWith("epsilon") && isFloat && !(v.asDouble() >= 0 && Double.isFinite(v.asDouble()))) {
                throw refuse(f, Reason.MALFORMED, e.getKey() + " is " + v.asDouble()
                        + "; a normalization epsilon must be a finite number >= 0 (ggml aborts on it at the first decode)");
            }
        }
    }

    /**
     * llama.cpp's GGUF reader refuses a tensor name of 64 bytes or more and any data offset other
     * than the previous tensor's end rounded up to the alignment; checked here so the message says
     * which tensor.
     */
    private static void tensorTable(GgufFile f) throws ModelLoadException {
        long expected = 0;
        for (GgufTensorInfo t : f.tensors()) {
            tensorType(f, t);
            int nameBytes = t.name().getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes > MAX_TENSOR_NAME_BYTES) {
                throw refuse(f, Reason.MALFORMED, "tensor name " + abbreviate(t.name()) + " has " + nameBytes
                        + " bytes; ggml allows at most " + MAX_TENSOR_NAME_BYTES);
            }
            if (t.offset() != expected) {
                throw refuse(f, Reason.MALFORMED, "tensor " + t.name() + " data offset " + t.offset()
                        + " is not where the previous tensor's data ends (" + expected
                        + "); GGUF stores tensor data back to back in table order");
            }
            long size = t.byteSize();
            expected = Math.addExact(expected, (size + f.alignment() - 1) / f.alignment() * f.alignment());
        }
    }

    /**
     * ggml's CPU kernels compute with float and quantized weights only: a matrix stored as
     * I8/I16/I32/I64/F64, or in Q8_1/Q8_K (ggml's formats for activations, which no weight is
     * stored in), crashes the first matrix product or row lookup; a 1-D tensor (norm weights,
     * biases) must be F32, or ggml's element-wise kernels abort ("binary_op: unsupported types" in
     * v0.4.0 for F16; b4916 took F16 but nothing else). Converters write 1-D tensors as F32 and
     * never quantize them.
     */
    private static void tensorType(GgufFile f, GgufTensorInfo t) throws ModelLoadException {
        GgmlType type = t.type();
        boolean computable = switch (type) {
            case I8, I16, I32, I64, F64, Q8_1, Q8_K -> false;
            default -> true;
        };
        if (!computable) {
            throw refuse(f, Reason.MALFORMED, "tensor " + t.name() + " is stored as " + type
                    + ", which ggml cannot compute with (it would crash at the first decode); weights are float or"
                    + " quantized");
        }
        if (t.dims().length <= 1 && type != GgmlType.F32) {
            throw refuse(f, Reason.MALFORMED, "1-D tensor " + t.name() + " is stored as " + type
                    + "; ggml's element-wise kernels need F32 there (it would abort at the first decode)");
        }
    }

    private static void vocabulary(GgufFile f) throws ModelLoadException {
        GgufValue tokensValue = f.metadata().get(KEY_TOKENS);
        if (tokensValue == null) {
            return; // llama.cpp refuses a model without a vocabulary by itself, cleanly
        }
        // gguf_get_arr_str GGML_ASSERTs the element type: a non-string token list aborts.
        GgufArray tokens = stringArray(f, KEY_TOKENS);
        int n = tokens.size();
        if (n == 0) {
            throw refuse(f, Reason.MALFORMED, KEY_TOKENS + " is empty");
        }
        // scores[i] and token_type[i] are read for every token straight from the array's buffer
        // (gguf_get_arr_data, which GGML_ASSERTs a non-string type): a shorter or narrower array
        // is read past its end.
        numericArray(f, KEY_SCORES, GgufValueType.FLOAT32, n);
        numericArray(f, KEY_TOKEN_TYPE, GgufValueType.INT32, n);
        if (f.metadata().containsKey(KEY_MERGES)) {
            stringArray(f, KEY_MERGES);
        }
        GgufValue charsmap = f.metadata().get(KEY_CHARSMAP);
        if (charsmap != null && (charsmap.type() != GgufValueType.ARRAY
                || (charsmap.asArray().elementType() != GgufValueType.UINT8
                && charsmap.asArray().elementType() != GgufValueType.INT8))) {
            throw refuse(f, Reason.MALFORMED, KEY_CHARSMAP + " must be an array of uint8 or int8 (llama.cpp asserts it)");
        }
        List<String> keys = llamaTokenKeys(f, tokens);
        Map<String, Integer> ids = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Integer previous = ids.putIfAbsent(keys.get(i), i);
            if (previous != null) {
                throw refuse(f, Reason.MALFORMED, "vocabulary tokens " + previous + " and " + i
                        + " have the same text " + shown(keys.get(i)) + " (llama.cpp reads token texts up to the first"
                        + " NUL byte and aborts on equal texts: GGML_ASSERT(id_to_token.size() == token_to_id.size()));"
                        + " the file is corrupt");
            }
        }
        if ("llama".equals(f.getString("tokenizer.ggml.model").orElse(null))) {
            spmByteFallback(f, ids.keySet());
        }
    }

    /**
     * The keys llama.cpp's token_to_id map gets: the token's bytes up to the first NUL (it builds
     * a std::string from a C string), and "[EMPTY_i]" for an empty one. Kept as one char per byte
     * (ISO-8859-1) so that comparing keys compares bytes.
     */
    private static List<String> llamaTokenKeys(GgufFile f, GgufArray tokens) throws ModelLoadException {
        List<String> texts = tokens.strings();
        // Decoding is injective unless invalid UTF-8 became U+FFFD; only then are the bytes re-read.
        boolean lossy = texts.stream().anyMatch(s -> s.indexOf('\uFFFD') >= 0);
        byte[][] raw = lossy ? f.rawStrings(KEY_TOKENS) : null;
        String[] keys = new String[texts.size()];
        for (int i = 0; i < keys.length; i++) {
            byte[] b = raw != null ? raw[i] : texts.get(i).getBytes(StandardCharsets.UTF_8);
            int len = 0;
            while (len < b.length && b[len] != 0) {
                len++;
            }
            keys[i] = len == 0 ? "[EMPTY_" + i + "]" : new String(b, 0, len, StandardCharsets.ISO_8859_1);
        }
        return List.of(keys);
    }

    /**
     * A SentencePiece vocabulary falls back to byte tokens for text it has no piece for, and
     * llama.cpp's byte_to_token then throws std::out_of_range through the C API (the process
     * aborts) when the byte has neither a {@code <0xHH>} token nor a one-byte token. Every byte
     * that UTF-8 text can contain must therefore have one.
     */
    private static void spmByteFallback(GgufFile f, Set<String> keys) throws ModelLoadException {
        Set<Integer> missing = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            boolean canOccur = b != 0xC0 && b != 0xC1 && b < 0xF5;
            if (canOccur && !keys.contains(String.format("<0x%02X>", b))
                    && !keys.contains(String.valueOf((char) b))) {
                missing.add(b);
            }
        }
        if (!missing.isEmpty()) {
            throw refuse(f, Reason.MALFORMED, "the SentencePiece vocabulary has no byte token for "
                    + missing.stream().sorted().limit(8).map(b -> String.format("0x%02X", b)).toList()
                    + (missing.size() > 8 ? " and " + (missing.size() - 8) + " more bytes" : "")
                    + "; llama.cpp aborts when text needs a missing byte token");
        }
    }

    private static GgufArray stringArray(GgufFile f, String key) throws ModelLoadException {
        GgufValue v = f.metadata().get(key);
        if (v.type() != GgufValueType.ARRAY || v.asArray().elementType() != GgufValueType.STRING) {
            throw refuse(f, Reason.MALFORMED, key + " must be an array of strings, is " + describe(v)
                    + " (llama.cpp asserts the type and aborts)");
        }
        return v.asArray();
    }

    private static void numericArray(GgufFile f, String key, GgufValueType type, int n) throws ModelLoadException {
        GgufValue v = f.metadata().get(key);
        if (v == null) {
            return;
        }
        if (v.type() != GgufValueType.ARRAY || v.asArray().elementType() != type || v.asArray().size() != n) {
            throw refuse(f, Reason.MALFORMED, key + " must be an array of " + n + " " + type.name().toLowerCase()
                    + " values, one per token; is " + describe(v));
        }
    }

    private static String describe(GgufValue v) {
        if (v.type() != GgufValueType.ARRAY) {
            return "a single " + v.type().name().toLowerCase();
        }
        return "an array of " + v.asArray().size() + " " + v.asArray().elementType().name().toLowerCase();
    }

    /** A token key for a message: printable ASCII kept, other bytes as \xNN. */
    private static String shown(String key) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < key.length() && i < 40; i++) {
            char c = key.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02X", (int) c));
            }
        }
        return sb.append(key.length() > 40 ? "...\"" : "\"").toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? "\"" + s.substring(0, 40) + "...\"" : "\"" + s + "\"";
    }

    private static ModelLoadException refuse(GgufFile f, Reason reason, String detail) {
        Path p = f.path();
        return new ModelLoadException(p, reason, detail);
    }
}
