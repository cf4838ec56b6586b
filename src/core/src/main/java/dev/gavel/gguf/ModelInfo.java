package dev.gavel.gguf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Gavel reports about a validated model file. Hyperparameters a file does not declare are
 * null (boxed) rather than a guessed default, so reports never invent numbers.
 *
 * @param path                 the file
 * @param fileSize             bytes
 * @param name                 {@code general.name}, or null
 * @param architecture         {@code general.architecture}
 * @param parameterCount       sum of all tensors' element counts
 * @param quantization         name of {@code general.file_type} (e.g. "Q8_0"), else the type
 *                             holding most tensor bytes
 * @param contextLength        {@code <arch>.context_length} (trained context)
 * @param embeddingLength      {@code <arch>.embedding_length}
 * @param blockCount           {@code <arch>.block_count}
 * @param headCount            {@code <arch>.attention.head_count}
 * @param kvHeadCount          {@code <arch>.attention.head_count_kv}
 * @param keyLength            {@code <arch>.attention.key_length}: the width of one attention head
 *                             where it is not embedding / heads (Gemma's)
 * @param vocabularySize       number of entries in {@code tokenizer.ggml.tokens}, else
 *                             {@code <arch>.vocab_size}
 * @param tokenizerModel       {@code tokenizer.ggml.model}
 * @param preTokenizer         {@code tokenizer.ggml.pre}
 * @param chatTemplate         {@code tokenizer.chat_template}, or null
 * @param specialTokens        BOS/EOS/EOT/PAD/UNK as declared
 */
public record ModelInfo(
        Path path,
        long fileSize,
        String name,
        String architecture,
        long parameterCount,
        String quantization,
        Long contextLength,
        Long embeddingLength,
        Long blockCount,
        Long headCount,
        Long kvHeadCount,
        Long keyLength,
        Integer vocabularySize,
        String tokenizerModel,
        String preTokenizer,
        String chatTemplate,
        List<SpecialToken> specialTokens) {

    public ModelInfo {
        specialTokens = List.copyOf(specialTokens);
    }

    private static final Map<Long, String> FILE_TYPES = fileTypes();

    private static Map<Long, String> fileTypes() {
        // llama.cpp's llama_ftype values; the gaps are retired types.
        Map<Long, String> m = new HashMap<>();
        String[] names = {"F32", "F16", "Q4_0", "Q4_1", null, null, null, "Q8_0", "Q5_0", "Q5_1", "Q2_K",
                "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS",
                "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S",
                "IQ2_M", "IQ4_XS", "IQ1_M", "BF16", null, null, null, "TQ1_0", "TQ2_0"};
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                m.put((long) i, names[i]);
            }
        }
        return m;
    }

    /** The llama_ftype name for a {@code general.file_type} value, if it is one llama.cpp defines. */
    public static Optional<String> fileTypeName(long fileType) {
        return Optional.ofNullable(FILE_TYPES.get(fileType));
    }

    /** Builds the info of a parsed file (no validation beyond what {@link GgufFile#read} did). */
    public static ModelInfo of(GgufFile f) {
        String arch = f.architecture().orElse(null);
        long params = 0;
        Map<GgmlType, Long> bytesByType = new HashMap<>();
        for (GgufTensorInfo t : f.tensors()) {
            params += t.elementCount();
            if (t.dims().length >= 2) {
                bytesByType.merge(t.type(), t.byteSize(), Long::sum);
            }
        }
        String quant = f.getLong("general.file_type").stream().boxed()
                .map(ft -> fileTypeName(ft).orElse("unknown(" + ft + ")"))
                .findFirst()
                .orElseGet(() -> bytesByType.entrySet().stream().max(Map.Entry.comparingByValue())
                        .map(e -> e.getKey().name()).orElse(null));
        List<String> tokens = f.getArray("tokenizer.ggml.tokens")
                .filter(a -> a.elementType() == GgufValueType.STRING).map(GgufArray::strings).orElse(List.of());
        Integer vocab = !tokens.isEmpty() ? Integer.valueOf(tokens.size())
                : arch == null ? null : f.getInt(arch + ".vocab_size").orElse(null);
        List<SpecialToken> specials = new ArrayList<>();
        String[][] roles = {{"bos", "bos"}, {"eos", "eos"}, {"eot", "eot"}, {"pad", "padding"}, {"unk", "unknown"}};
        for (String[] role : roles) {
            var id = f.getLong("tokenizer.ggml." + role[1] + "_token_id");
            // Converters write 0xFFFFFFFF (or an id past the vocabulary) for "none".
            if (id.isPresent() && id.getAsLong() >= 0 && id.getAsLong() < 0xFFFF_FFFFL
                    && (tokens.isEmpty() || id.getAsLong() < tokens.size())) {
                int i = (int) id.getAsLong();
                specials.add(new SpecialToken(role[0], i, i < tokens.size() ? tokens.get(i) : null));
            }
        }
        return new ModelInfo(f.path(), f.fileSize(), f.getString("general.name").orElse(null), arch, params, quant,
                archLong(f, arch, "context_length"), archLong(f, arch, "embedding_length"),
                archLong(f, arch, "block_count"), archLong(f, arch, "attention.head_count"),
                archLong(f, arch, "attention.head_count_kv"), archLong(f, arch, "attention.key_length"), vocab,
                f.getString("tokenizer.ggml.model").orElse(null), f.getString("tokenizer.ggml.pre").orElse(null),
                f.getString("tokenizer.chat_template").orElse(null), specials);
    }

    /**
     * The width of one attention head: {@link #keyLength()} where the file gives it, else
     * embedding length / head count; 0 when neither is known.
     */
    public int attentionHeadSize() {
        if (keyLength != null && keyLength > 0) {
            return (int) (long) keyLength;
        }
        return embeddingLength != null && headCount != null && headCount > 0 ? (int) (embeddingLength / headCount) : 0;
    }

    private static Long archLong(GgufFile f, String arch, String key) {
        if (arch == null) {
            return null;
        }
        var v = f.getLong(arch + "." + key);
        if (v.isPresent()) {
            return v.getAsLong();
        }
        // Some converters store per-layer arrays (e.g. head counts); report the first layer's.
        return f.getArray(arch + "." + key).filter(a -> a.size() > 0 && a.elementType().isInteger())
                .map(a -> a.longAt(0)).orElse(null);
    }

    /** The special token with this role ("bos", "eos", "eot", "pad", "unk"), if declared. */
    public Optional<SpecialToken> specialToken(String role) {
        return specialTokens.stream().filter(t -> t.role().equals(role)).findFirst();
    }

    public Optional<String> chatTemplateOptional() {
        return Optional.ofNullable(chatTemplate);
    }

    /** A JSON-friendly view (insertion-ordered; absent values are omitted). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "path", path == null ? null : path.toString());
        m.put("fileSize", fileSize);
        put(m, "name", name);
        put(m, "architecture", architecture);
        m.put("parameterCount", parameterCount);
        put(m, "quantization", quantization);
        put(m, "contextLength", contextLength);
        put(m, "embeddingLength", embeddingLength);
        put(m, "blockCount", blockCount);
        put(m, "headCount", headCount);
        put(m, "kvHeadCount", kvHeadCount);
        put(m, "vocabularySize", vocabularySize);
        put(m, "tokenizerModel", tokenizerModel);
        put(m, "preTokenizer", preTokenizer);
        put(m, "chatTemplate", chatTemplate);
        Map<String, Object> specials = new LinkedHashMap<>();
        for (SpecialToken t : specialTokens) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", t.id());
            put(e, "text", t.text());
            specials.put(t.role(), e);
        }
        m.put("specialTokens", specials);
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
