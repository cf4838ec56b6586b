package dev.gavel.jobs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.Rubric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a {@link Rubric} from JSON, in any of three spellings:
 * <ul>
 *   <li>prometheus-eval's: {@code {"criteria": "...", "score1_description": "...", ..., "score5_description": "..."}}
 *       (any contiguous run of {@code scoreN_description} keys);</li>
 *   <li>{@code {"criterion": "...", "min": 1, "descriptions": ["...", ...]}};</li>
 *   <li>{@code {"criterion": "...", "scores": {"1": "...", "2": "..."}}}.</li>
 * </ul>
 * {@code criteria} and {@code criterion} are synonyms.
 */
public final class RubricJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RubricJson() {
    }

    /**
     * Reads a rubric file.
     *
     * @throws IOException              when the file is missing or unreadable
     * @throws IllegalArgumentException when it is not a rubric, saying why
     */
    public static Rubric read(Path file) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "rubric file not found");
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        return parse(node);
    }

    /** A rubric from one JSON object; {@link IllegalArgumentException} says what is missing. */
    public static Rubric parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a rubric must be a JSON object");
        }
        String criterion = criterion(node);
        if (node.has("descriptions")) {
            JsonNode d = node.get("descriptions");
            if (!d.isArray()) {
                throw new IllegalArgumentException("rubric 'descriptions' must be an array of texts");
            }
            int min = node.path("min").asInt(1);
            Rubric.Builder b = Rubric.builder(criterion);
            for (int i = 0; i < d.size(); i++) {
                b.score(min + i, text(d.get(i), "descriptions[" + i + "]"));
            }
            return b.build();
        }
        Rubric.Builder b = Rubric.builder(criterion);
        if (node.has("scores")) {
            JsonNode s = node.get("scores");
            if (!s.isObject()) {
                throw new IllegalArgumentException("rubric 'scores' must map scores to descriptions");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.score(score(e.getKey()), text(e.getValue(), "scores." + e.getKey()));
            }
            return b.build();
        }
        boolean any = false;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.startsWith("score") && key.endsWith("_description")) {
                b.score(score(key.substring("score".length(), key.length() - "_description".length())),
                        text(node.get(key), key));
                any = true;
            }
        }
        if (!any) {
            throw new IllegalArgumentException("rubric has no score descriptions: give score1_description ..."
                    + " score5_description, or 'descriptions', or 'scores'");
        }
        return b.build();
    }

    private static String criterion(JsonNode node) {
        for (String key : new String[] {"criteria", "criterion"}) {
            JsonNode v = node.get(key);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        throw new IllegalArgumentException("rubric has no 'criteria' (or 'criterion') text");
    }

    private static int score(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rubric score '" + text + "' is not an integer");
        }
    }

    private static String text(JsonNode v, String where) {
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("rubric " + where + " must be text");
        }
        return v.asText();
    }
}
