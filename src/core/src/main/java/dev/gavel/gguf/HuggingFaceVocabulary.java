package dev.gavel.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds GGUF {@code tokenizer.*} metadata ("gpt2" byte-level BPE, as llama.cpp's converter
 * writes it) from a Hugging Face {@code tokenizer.json}: tokens by id, merges, token types
 * (added special tokens are control tokens, other added tokens user-defined), special token
 * ids and the chat template from {@code tokenizer_config.json} or {@code config.json} beside it.
 *
 * <p>llama.cpp picks its pre-tokenizer regex by name, not from the JSON, so the caller names
 * it; {@link #SMOLLM} and {@link #QWEN2} are the names llama.cpp uses for those
 * families.
 */
public final class HuggingFaceVocabulary {
    /** llama.cpp pre-tokenizer name for SmolLM / SmolLM2. */
    public static final String SMOLLM = "smollm";
    /** llama.cpp pre-tokenizer name for Qwen2, Qwen2.5 and Qwen3 vocabularies. */
    public static final String QWEN2 = "qwen2";

    private HuggingFaceVocabulary() {
    }

    /**
     * Reads {@code tokenizer.json} (and {@code tokenizer_config.json} / {@code config.json} from
     * the same folder when present).
     *
     * @param tokenizerJson path of tokenizer.json
     * @param preTokenizer  llama.cpp pre-tokenizer name, e.g. {@link #SMOLLM}
     * @throws IOException when a file cannot be read or is not a BPE tokenizer
     */
    public static GgufVocabulary fromTokenizerJson(Path tokenizerJson, String preTokenizer) throws IOException {
        Objects.requireNonNull(preTokenizer, "preTokenizer");
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(tokenizerJson.toFile());
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText())) {
            throw new IOException(tokenizerJson + ": model type " + model.path("type").asText() + ", expected BPE");
        }
        Map<Integer, String> byId = new HashMap<>();
        Map<Integer, Integer> types = new HashMap<>();
        Map<String, Integer> idOf = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byId.put(e.getValue().asInt(), e.getKey());
            idOf.put(e.getKey(), e.getValue().asInt());
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt();
            String content = added.path("content").asText();
            byId.put(id, content);
            idOf.put(content, id);
            types.put(id, added.path("special").asBoolean() ? GgufVocabulary.TYPE_CONTROL
                    : GgufVocabulary.TYPE_USER_DEFINED);
        }
        if (byId.isEmpty()) {
            throw new IOException(tokenizerJson + ": empty vocabulary");
        }
        int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        List<String> tokens = new ArrayList<>(size);
        List<Integer> tokenTypes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String t = byId.get(i);
            // Ids the tokenizer never assigns still need a unique entry, as llama.cpp's converter does.
            tokens.add(t != null ? t : "[PAD" + i + "]");
            tokenTypes.add(t == null ? 5 : types.getOrDefault(i, GgufVocabulary.TYPE_NORMAL));
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode m : model.path("merges")) {
            merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
        }

        Map<String, GgufValue> meta = new LinkedHashMap<>();
        meta.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        meta.put("tokenizer.ggml.pre", GgufValue.ofString(preTokenizer));
        meta.put(GgufVocabulary.KEY_TOKENS, GgufValue.ofArray(GgufValueType.STRING, tokens));
        meta.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValueType.INT32, tokenTypes));
        meta.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufValueType.STRING, merges));

        Path dir = tokenizerJson.toAbsolutePath().getParent();
        JsonNode tokConfig = readIfPresent(json, dir.resolve("tokenizer_config.json"));
        JsonNode config = readIfPresent(json, dir.resolve("config.json"));
        String[][] roles = {{"bos_token", "bos_token_id", "bos"}, {"eos_token", "eos_token_id", "eos"},
                {"pad_token", "pad_token_id", "padding"}, {"unk_token", "unk_token_id", "unknown"}};
        for (String[] role : roles) {
            Integer id = null;
            JsonNode named = tokConfig.path(role[0]);
            String text = named.isTextual() ? named.asText() : named.path("content").isTextual()
                    ? named.path("content").asText() : null;
            if (text != null) {
                id = idOf.get(text);
            }
            if (id == null && config.path(role[1]).canConvertToInt()) {
                id = config.path(role[1]).asInt();
            }
            if (id != null && id >= 0 && id < size) {
                meta.put("tokenizer.ggml." + role[2] + "_token_id", GgufValue.ofUInt32(id));
            }
        }
        // Byte-level BPE models rarely want a BOS; follow the config and default to none.
        meta.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(tokConfig.path("add_bos_token").asBoolean(false)));
        meta.put("tokenizer.ggml.add_eos_token", GgufValue.ofBool(tokConfig.path("add_eos_token").asBoolean(false)));
        String template = chatTemplate(tokConfig.path("chat_template"));
        if (template != null) {
            meta.put("tokenizer.chat_template", GgufValue.ofString(template));
        }
        return new GgufVocabulary(meta, size);
    }

    private static String chatTemplate(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        // Some configs hold a list of named templates; the default one is the chat template.
        if (node.isArray()) {
            for (JsonNode t : node) {
                if ("default".equals(t.path("name").asText())) {
                    return t.path("template").asText();
                }
            }
            return node.size() > 0 ? node.get(0).path("template").asText(null) : null;
        }
        return null;
    }

    private static JsonNode readIfPresent(ObjectMapper json, Path p) throws IOException {
        return Files.isRegularFile(p) ? json.readTree(p.toFile()) : json.createObjectNode();
    }
}
