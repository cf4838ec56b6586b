package dev.gavel.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} run by the Rust {@code tokenizers} library through DJL:
 * the tokenizer a judge model was trained with, independent of llama.cpp's re-implementation.
 *
 * <p>Two native tokenizers are built from the same file. The <em>trusted</em> one is the file as
 * is: special-token text such as {@code <|im_end|>} becomes the special token, as Hugging Face
 * does by default. The <em>untrusted</em> one is built from a copy whose added tokens marked
 * {@code "special": true} are no longer added tokens (they stay in the model vocabulary under
 * their ids, which byte-level BPE merges never reach), so their text is tokenized as ordinary
 * text while every other rule (normalizer, pre-tokenizer, BPE merges, non-special added tokens
 * such as Qwen's {@code <think>}) stays the same. This is what Hugging Face calls {@code split_special_tokens}
 * (Rust: {@code encode_special_tokens}), which DJL does not expose, and what llama.cpp does with
 * {@code parse_special = false}: it skips control tokens but still extracts user-defined ones.
 *
 * <p>Neither method adds BOS/EOS or any post-processor tokens. DJL runs offline: the class sets
 * {@code ai.djl.offline=true} (unless the caller set it) before DJL loads its native library, so
 * DJL uses the CPU library bundled in its jar and never tries to download one.
 *
 * <p>Thread-safe: the native tokenizers are immutable after loading. Not usable after
 * {@link #close()}.
 */
public final class HfTokenizer implements AutoCloseable {
    static {
        DjlOffline.ensure();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final Path source;
    private final HuggingFaceTokenizer trusted;
    private final HuggingFaceTokenizer untrusted;
    private final String[] pieces;
    private final Map<String, Integer> specialIds;
    private final BitSet special = new BitSet();
    private volatile boolean closed;

    private HfTokenizer(Path source, HuggingFaceTokenizer trusted, HuggingFaceTokenizer untrusted, String[] pieces,
                        Map<String, Integer> specialIds) {
        this.source = source;
        this.trusted = trusted;
        this.untrusted = untrusted;
        this.pieces = pieces;
        this.specialIds = specialIds;
        specialIds.values().forEach(special::set);
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @throws IOException when the file cannot be read, is not JSON, has no vocabulary, or the
     *                     tokenizers library rejects it
     */
    public static HfTokenizer load(Path tokenizerJson) throws IOException {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException(tokenizerJson + ": no such tokenizer.json file");
        }
        byte[] bytes = Files.readAllBytes(tokenizerJson);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new IOException(tokenizerJson + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("model").path("vocab").isObject()) {
            throw new IOException(tokenizerJson + ": not a Hugging Face tokenizer.json (no model.vocab object)");
        }
        String[] pieces = pieceTable(root, tokenizerJson);
        Map<String, Integer> specialIds = new HashMap<>();
        ObjectNode withoutSpecials = root.deepCopy();
        ObjectNode vocab = (ObjectNode) withoutSpecials.path("model").path("vocab");
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText();
            int id = added.path("id").asInt();
            // The tokenizers library numbers added tokens missing from the model vocabulary in list
            // order, ignoring their "id"; entering every added token into the model vocabulary
            // pins the ids of the ones kept, whatever was removed before them.
            if (!vocab.has(content)) {
                vocab.put(content, id);
            }
            if (added.path("special").asBoolean(false)) {
                specialIds.put(content, id);
            } else {
                kept.add(added);
            }
        }
        withoutSpecials.set("added_tokens", kept);
        HuggingFaceTokenizer trusted = null;
        try {
            trusted = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), OPTIONS);
            HuggingFaceTokenizer untrusted = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(JSON.writeValueAsBytes(withoutSpecials)), OPTIONS);
            return new HfTokenizer(tokenizerJson, trusted, untrusted, pieces, Map.copyOf(specialIds));
        } catch (RuntimeException e) {
            if (trusted != null) {
                trusted.close();
            }
            throw new IOException(tokenizerJson + ": the tokenizers library rejected the file: " + e.getMessage(), e);
        }
    }

    /** Vocabulary strings by id: model vocabulary plus added tokens; ids never assigned stay null. */
    private static String[] pieceTable(JsonNode root, Path file) throws IOException {
        Map<Integer, String> byId = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("model").path("vocab").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byId.put(e.getValue().asInt(), e.getKey());
        }
        for (JsonNode added : root.path("added_tokens")) {
            byId.put(added.path("id").asInt(), added.path("content").asText());
        }
        if (byId.isEmpty()) {
            throw new IOException(file + ": empty vocabulary");
        }
        int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        String[] out = new String[size];
        byId.forEach((id, piece) -> {
            if (id >= 0) {
                out[id] = piece;
            }
        });
        return out;
    }

    /** The file this tokenizer was loaded from. */
    public Path source() {
        return source;
    }

    /** Number of token ids: one more than the largest id of the vocabulary and the added tokens. */
    public int size() {
        return pieces.length;
    }

    /**
     * Tokenizes trusted text: special-token text becomes the special token. No BOS/EOS is added.
     */
    public int[] encode(String text) {
        return ids(live(trusted), text);
    }

    /**
     * Tokenizes untrusted text: special-token text stays ordinary text and can never yield a
     * special token id. No BOS/EOS is added. Identical to {@link #encode} on text without
     * special-token text.
     */
    public int[] encodeUntrusted(String text) {
        return ids(live(untrusted), text);
    }

    private static int[] ids(HuggingFaceTokenizer tokenizer, String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return new int[0];
        }
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** Decodes ids to text, keeping special tokens' text. */
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            checkId(ids[i]);
            wide[i] = ids[i];
        }
        return live(trusted).decode(wide, false);
    }

    /**
     * The vocabulary strings of the ids, for display; byte-level BPE shows a space as
     * {@code Ġ} and a newline as {@code Ċ}, exactly as llama.cpp's {@code token_get_text} does.
     */
    public List<String> pieces(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            checkId(id);
            out.add(pieces[id] == null ? "<unassigned " + id + ">" : pieces[id]);
        }
        return out;
    }

    /** The id of an added special token (e.g. {@code "<|im_start|>"}), if the file declares it. */
    public OptionalInt specialTokenId(String content) {
        Integer id = specialIds.get(content);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** True when the id is an added token marked special. */
    public boolean isSpecial(int id) {
        checkId(id);
        return special.get(id);
    }

    private void checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary (0.." + (pieces.length - 1) + ")");
        }
    }

    private HuggingFaceTokenizer live(HuggingFaceTokenizer t) {
        if (closed) {
            throw new IllegalStateException("tokenizer " + source + " is closed");
        }
        return t;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            trusted.close();
            untrusted.close();
        }
    }

    @Override
    public String toString() {
        return "HfTokenizer[" + source + ", " + pieces.length + " ids]";
    }
}
