package dev.gavel.tokenize;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads texts to compare tokenizers on. By file name:
 * <ul>
 *   <li>{@code .json}: an array of strings, or of objects with a {@code "text"} field;</li>
 *   <li>{@code .jsonl}: one JSON string, or object with a {@code "text"} field, per non-blank line;</li>
 *   <li>anything else: UTF-8 text, one text per non-empty line (use JSON for texts with newlines).</li>
 * </ul>
 */
public final class TextsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextsFile() {
    }

    /** @throws IOException when the file cannot be read or a record is not a text */
    public static List<String> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        if (name.endsWith(".json")) {
            JsonNode root = parse(content, file + "");
            if (!root.isArray()) {
                throw new IOException(file + ": expected a JSON array of strings or {\"text\": ...} objects");
            }
            for (int i = 0; i < root.size(); i++) {
                out.add(text(root.get(i), file + " element " + i));
            }
        } else if (name.endsWith(".jsonl")) {
            String[] lines = content.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    String where = file + " line " + (i + 1);
                    out.add(text(parse(lines[i], where), where));
                }
            }
        } else {
            content.lines().filter(l -> !l.isEmpty()).forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no texts");
        }
        return List.copyOf(out);
    }

    private static JsonNode parse(String json, String where) throws IOException {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IOException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String where) throws IOException {
        if (node != null && node.isTextual()) {
            return node.asText();
        }
        if (node != null && node.path("text").isTextual()) {
            return node.path("text").asText();
        }
        throw new IOException(where + ": expected a string or an object with a \"text\" string");
    }
}
