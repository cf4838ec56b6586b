package dev.gavel.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.AbsoluteRequest;
import dev.gavel.format.PrometheusFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads prometheus-eval's absolute-grading benchmark files (Vicuna with GPT-4 scores, HHH
 * alignment pairs). Their records store only the full prompt, so each prompt is split into its
 * parts and rendered again with {@link PrometheusFormat}; a record that does not rebuild byte for
 * byte is refused, which proves both the split and our template.
 */
public final class PrometheusDataset {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrometheusFormat FORMAT = new PrometheusFormat();

    private PrometheusDataset() {
    }

    /**
     * Reads prometheus_vicuna_eval.json: 320 records (80 questions x 4 responses), each with a
     * reference answer and three GPT-4 scores.
     */
    public static List<VicunaExample> loadVicuna(Path file) throws IOException, DatasetFormatException {
        JsonNode root = read(file);
        String name = file.getFileName().toString();
        List<VicunaExample> out = new ArrayList<>(root.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode rec = root.get(i);
            String where = name + " record #" + i;
            int idx = intField(rec, "idx", where);
            where += " (idx " + idx + ")";
            String source = textField(rec, "response_source", where);
            String category = textField(rec, "category", where);
            String prompt = textField(rec, "instruction", where);
            List<Integer> scores = scores(rec, where);
            AbsoluteRequest request = parse(prompt, where, "instruction");
            if (request.reference().isEmpty()) {
                throw new DatasetFormatException(where + ": field 'instruction' has no reference answer section");
            }
            String id = "vicuna-" + idx + "-" + source;
            if (!ids.add(id)) {
                throw new DatasetFormatException(where + ": duplicate (idx, response_source) " + id);
            }
            out.add(new VicunaExample(id, "vicuna-" + idx, category, source, request, scores, prompt));
        }
        return List.copyOf(out);
    }

    /** Reads prometheus_hhh_alignment_eval.json: 221 chosen/rejected pairs without reference answer. */
    public static List<HhhPair> loadHhh(Path file) throws IOException, DatasetFormatException {
        JsonNode root = read(file);
        String name = file.getFileName().toString();
        List<HhhPair> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode rec = root.get(i);
            String where = name + " record #" + i;
            String source = textField(rec, "source", where);
            String chosenPrompt = textField(rec, "chosen_instruction", where);
            String rejectedPrompt = textField(rec, "rejected_instruction", where);
            AbsoluteRequest chosen = parse(chosenPrompt, where, "chosen_instruction");
            AbsoluteRequest rejected = parse(rejectedPrompt, where, "rejected_instruction");
            if (chosen.reference().isPresent() || rejected.reference().isPresent()) {
                throw new DatasetFormatException(where + ": HHH prompts must not carry a reference answer");
            }
            if (!chosen.instruction().equals(rejected.instruction()) || !chosen.rubric().equals(rejected.rubric())) {
                throw new DatasetFormatException(where + ": chosen and rejected prompts differ in more than the response");
            }
            out.add(new HhhPair("hhh-" + i, source, chosen, rejected, chosenPrompt, rejectedPrompt));
        }
        return List.copyOf(out);
    }

    /**
     * Splits one full Prometheus absolute-grading prompt (as stored in prometheus-eval's files)
     * into its parts, refusing a prompt that does not rebuild byte for byte. For callers that read
     * records one at a time and want to keep going past a bad one.
     *
     * @throws DatasetFormatException naming what is wrong with the prompt
     */
    public static AbsoluteRequest parseAbsolutePrompt(String prompt) throws DatasetFormatException {
        return parse(prompt, "prompt", "instruction");
    }

    /** Whether a text looks like a full Prometheus prompt (starts with its task-description header). */
    public static boolean isFullPrompt(String text) {
        return text != null && text.startsWith("###Task Description:");
    }

    private static JsonNode read(Path file) throws IOException, DatasetFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new DatasetFormatException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new DatasetFormatException(file + ": expected a JSON array of records");
        }
        return root;
    }

    private static AbsoluteRequest parse(String prompt, String where, String field) throws DatasetFormatException {
        AbsoluteRequest request;
        try {
            request = PrometheusPromptParser.parseAbsolute(prompt);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(where + ": field '" + field + "' is not a Prometheus absolute prompt: "
                    + e.getMessage(), e);
        }
        String rebuilt = FORMAT.absoluteUserMessage(request).text();
        if (!rebuilt.equals(prompt)) {
            int at = firstDifference(rebuilt, prompt);
            throw new DatasetFormatException(where + ": field '" + field + "' does not rebuild from its parts;"
                    + " first difference at char " + at);
        }
        return request;
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    private static String textField(JsonNode rec, String field, String where) throws DatasetFormatException {
        JsonNode v = rec == null ? null : rec.get(field);
        if (v == null || !v.isTextual()) {
            throw new DatasetFormatException(where + ": field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static int intField(JsonNode rec, String field, String where) throws DatasetFormatException {
        JsonNode v = rec == null ? null : rec.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new DatasetFormatException(where + ": field '" + field + "' is missing or not an integer");
        }
        return v.intValue();
    }

    private static List<Integer> scores(JsonNode rec, String where) throws DatasetFormatException {
        JsonNode v = rec.get("gpt4_score");
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new DatasetFormatException(where + ": field 'gpt4_score' is missing or not a non-empty array");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isIntegralNumber() || s.intValue() < 1 || s.intValue() > 5) {
                throw new DatasetFormatException(where + ": field 'gpt4_score' holds " + s + ", not an integer 1-5");
            }
            out.add(s.intValue());
        }
        return out;
    }
}
