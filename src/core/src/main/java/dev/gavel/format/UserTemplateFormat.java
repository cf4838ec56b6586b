package dev.gavel.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeTask;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A judge format defined in a text file, for judges with their own prompt (Selene, Flow-Judge,
 * ...). The file is a header of {@code key: value} lines, then sections:
 *
 * <pre>
 * # Lines starting with '#' before the first section are comments.
 * format: flow-judge-v0.1          (required: the format id)
 * task: absolute                   (required: absolute or pairwise)
 * marker: "&lt;score&gt;\n"              (required: text right before the choice)
 * close: "\n&lt;/score&gt;"              (optional: text after the choice)
 * options: rubric                  (optional: "rubric" (absolute default) or a JSON array; pairwise default ["A","B"])
 * === system ===                   (optional: system message, taken verbatim, no placeholders)
 * ...
 * === user ===                     (required: user message for requests without reference)
 * ...
 * === user with reference ===      (optional: user message for requests with a reference answer)
 * ...
 * </pre>
 *
 * <p>Values are either a JSON string literal (for escapes such as {@code \n}) or the rest of the
 * line, trimmed. Section bodies run from the line after their header to the line before the next
 * header; a file's final newline is not part of the last body. Line endings are normalized to
 * {@code \n}.
 *
 * <p>User sections use {@code {name}} placeholders in Python format syntax ({@code {{} and
 * {@code }}} for literal braces). Absolute: {@code {instruction} {response} {reference}
 * {criterion} {rubric} {rubric_items} {min} {max} {score1}...}; {@code {rubric}} is the Prometheus
 * layout ("[criterion]\nScore 1: ...") and {@code {rubric_items}} one "- Score n: ..." line per
 * score. Pairwise: {@code {instruction} {response_a} {response_b} {reference} {criterion}}.
 * Placeholder values are untrusted content; everything else in the file is trusted template text.
 *
 * <p>A request with a reference answer needs a "user with reference" section, and a request
 * without one is refused by a section that uses {@code {reference}}: dropping or inventing the
 * reference silently would change what is judged.
 */
public final class UserTemplateFormat implements JudgeFormat {
    private static final Pattern SECTION = Pattern.compile("^=== ([a-z][a-z ]*[a-z]) ===$");
    private static final Pattern HEADER = Pattern.compile("^([a-z_]+)\\s*:\\s*(.*)$");
    private static final Pattern SCORE_SLOT = Pattern.compile("score(0|[1-9][0-9]?|100)");
    private static final Set<String> HEADER_KEYS = Set.of("format", "task", "marker", "close", "options");
    private static final Set<String> SECTIONS = Set.of("system", "user", "user with reference");
    private static final Set<String> ABSOLUTE_SLOTS;
    private static final Set<String> PAIRWISE_SLOTS = Set.of("instruction", "response_a", "response_b", "reference",
            "criterion");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        Set<String> s = new HashSet<>(Set.of("instruction", "response", "reference", "criterion", "rubric",
                "rubric_items", "min", "max"));
        for (int i = 0; i <= Rubric.MAX_SCORE; i++) {
            s.add("score" + i);
        }
        ABSOLUTE_SLOTS = Set.copyOf(s);
    }

    private final String id;
    private final JudgeTask task;
    private final String marker;
    private final String close;
    private final List<String> options; // null: the rubric's options
    private final String system;
    private final PlaceholderTemplate user;
    private final PlaceholderTemplate userWithReference; // may be null
    private final String sha256;

    private UserTemplateFormat(String id, JudgeTask task, String marker, String close, List<String> options,
                               String system, PlaceholderTemplate user, PlaceholderTemplate userWithReference,
                               String sha256) {
        this.id = id;
        this.task = task;
        this.marker = marker;
        this.close = close;
        this.options = options;
        this.system = system;
        this.user = user;
        this.userWithReference = userWithReference;
        this.sha256 = sha256;
    }

    /** Reads a template file (UTF-8). */
    public static UserTemplateFormat load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses a template file's text.
     *
     * @param origin names the source in error messages, e.g. the file path
     * @throws IllegalArgumentException "origin line n: what is wrong" for any problem
     */
    public static UserTemplateFormat parse(String text, String origin) {
        String src = text.replace("\r\n", "\n");
        if (src.endsWith("\n")) {
            src = src.substring(0, src.length() - 1);
        }
        String[] lines = src.split("\n", -1);
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> sections = new LinkedHashMap<>();
        Map<String, Integer> sectionLine = new HashMap<>();
        String current = null;
        StringBuilder body = null;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            Matcher sec = SECTION.matcher(line);
            if (sec.matches()) {
                if (current != null) {
                    sections.put(current, body.toString());
                }
                current = sec.group(1);
                if (!SECTIONS.contains(current)) {
                    throw error(origin, n, "unknown section '" + current + "'; sections are " + SECTIONS);
                }
                if (sections.containsKey(current)) {
                    throw error(origin, n, "section '" + current + "' appears twice");
                }
                sectionLine.put(current, n);
                body = null;
                continue;
            }
            if (current != null) {
                if (body == null) {
                    body = new StringBuilder(line);
                } else {
                    body.append('\n').append(line);
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher kv = HEADER.matcher(line);
            if (!kv.matches()) {
                throw error(origin, n, "expected 'key: value' or a section header like '=== user ===', got '" + line + "'");
            }
            String key = kv.group(1);
            if (!HEADER_KEYS.contains(key)) {
                throw error(origin, n, "unknown key '" + key + "'; keys are " + HEADER_KEYS);
            }
            if (header.put(key, value(kv.group(2), origin, n)) != null) {
                throw error(origin, n, "key '" + key + "' appears twice");
            }
        }
        if (current != null) {
            sections.put(current, body == null ? "" : body.toString());
        }

        String id = required(header, "format", origin);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw error(origin, -1, "format id '" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        JudgeTask task = switch (required(header, "task", origin)) {
            case "absolute" -> JudgeTask.ABSOLUTE;
            case "pairwise" -> JudgeTask.PAIRWISE;
            default -> throw error(origin, -1, "task must be 'absolute' or 'pairwise', got '" + header.get("task") + "'");
        };
        String marker = required(header, "marker", origin);
        if (marker.isEmpty()) {
            throw error(origin, -1, "marker must not be empty");
        }
        String close = header.getOrDefault("close", "");
        List<String> options = options(header.get("options"), task, origin);
        if (options != null) {
            try {
                AnswerSpec.feedbackThenScore(marker, options);
            } catch (IllegalArgumentException e) {
                throw error(origin, -1, "options: " + e.getMessage());
            }
        }
        if (!sections.containsKey("user")) {
            throw error(origin, -1, "missing section '=== user ==='");
        }
        Set<String> slots = task == JudgeTask.ABSOLUTE ? ABSOLUTE_SLOTS : PAIRWISE_SLOTS;
        PlaceholderTemplate user = section(sections, sectionLine, "user", slots, origin);
        PlaceholderTemplate withRef = sections.containsKey("user with reference")
                ? section(sections, sectionLine, "user with reference", slots, origin) : null;
        List<String> responses = task == JudgeTask.ABSOLUTE ? List.of("response") : List.of("response_a", "response_b");
        for (PlaceholderTemplate t : withRef == null ? List.of(user) : List.of(user, withRef)) {
            for (String r : responses) {
                if (!t.uses(r)) {
                    throw error(origin, -1, "a user section does not use {" + r + "}: the judge would not see it");
                }
            }
        }
        if (withRef != null && !withRef.uses("reference")) {
            throw error(origin, sectionLine.get("user with reference"), "section 'user with reference' does not use {reference}");
        }
        if (withRef != null && user.uses("reference")) {
            throw error(origin, sectionLine.get("user"), "section 'user' uses {reference} although 'user with reference' exists");
        }
        String system = sections.getOrDefault("system", "");
        String sha = Sha256.of("gavel-user-template", src);
        return new UserTemplateFormat(id, task, marker, close, options, system, user, withRef, sha);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String templateSha256() {
        return sha256;
    }

    @Override
    public Set<JudgeTask> tasks() {
        return EnumSet.of(task);
    }

    @Override
    public JudgeConversation absolute(AbsoluteRequest request) {
        if (task != JudgeTask.ABSOLUTE) {
            return JudgeFormat.super.absolute(request);
        }
        Rubric rubric = request.rubric();
        PlaceholderTemplate t = pick(request.referenceAnswer());
        Map<String, PromptText> v = new HashMap<>();
        v.put("instruction", PromptText.content(request.instruction()));
        v.put("response", PromptText.content(request.response()));
        v.put("criterion", PromptText.content(rubric.criterion()));
        v.put("rubric", RubricText.prometheus(rubric));
        v.put("rubric_items", RubricText.items(rubric));
        v.put("min", PromptText.template(rubric.minOption()));
        v.put("max", PromptText.template(rubric.maxOption()));
        for (int s = rubric.min(); s <= rubric.max(); s++) {
            v.put("score" + s, PromptText.content(rubric.description(s)));
        }
        for (String name : t.names()) {
            if (SCORE_SLOT.matcher(name).matches() && !v.containsKey(name)) {
                throw new IllegalArgumentException("template " + id + " uses {" + name + "} but the rubric is "
                        + rubric.min() + "-" + rubric.max());
            }
        }
        request.reference().ifPresent(r -> v.put("reference", PromptText.content(r)));
        List<String> opts = options == null ? rubric.options() : options;
        return conversation(t.render(v), opts);
    }

    @Override
    public JudgeConversation pairwise(PairwiseRequest request) {
        if (task != JudgeTask.PAIRWISE) {
            return JudgeFormat.super.pairwise(request);
        }
        PlaceholderTemplate t = pick(request.referenceAnswer());
        Map<String, PromptText> v = new HashMap<>();
        v.put("instruction", PromptText.content(request.instruction()));
        v.put("response_a", PromptText.content(request.responseA()));
        v.put("response_b", PromptText.content(request.responseB()));
        v.put("criterion", PromptText.content(request.criterion()));
        request.reference().ifPresent(r -> v.put("reference", PromptText.content(r)));
        return conversation(t.render(v), options);
    }

    private JudgeConversation conversation(PromptText user, List<String> opts) {
        AnswerSpec answer = AnswerSpec.feedbackThenScore(marker, opts).withClose(close);
        return new JudgeConversation(PromptText.template(system), user, answer, id, sha256);
    }

    private PlaceholderTemplate pick(String reference) {
        if (reference != null) {
            if (userWithReference == null) {
                throw new IllegalArgumentException("template " + id + " has no 'user with reference' section;"
                        + " it cannot judge a request with a reference answer");
            }
            return userWithReference;
        }
        if (user.uses("reference")) {
            throw new IllegalArgumentException("template " + id + " needs a reference answer and the request has none");
        }
        return user;
    }

    private static PlaceholderTemplate section(Map<String, String> sections, Map<String, Integer> lines, String name,
                                               Set<String> slots, String origin) {
        try {
            return PlaceholderTemplate.parse(sections.get(name), slots);
        } catch (IllegalArgumentException e) {
            throw error(origin, lines.get(name), "in section '" + name + "' (positions relative to the section): "
                    + e.getMessage());
        }
    }

    private static List<String> options(String raw, JudgeTask task, String origin) {
        if (raw == null) {
            return task == JudgeTask.ABSOLUTE ? null : List.of("A", "B");
        }
        if (raw.equals("rubric")) {
            if (task != JudgeTask.ABSOLUTE) {
                throw error(origin, -1, "options: rubric is only for absolute templates");
            }
            return null;
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw error(origin, -1, "options must be 'rubric' or a non-empty JSON array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode o : node) {
                if (!o.isTextual()) {
                    throw error(origin, -1, "options must be strings, got " + o);
                }
                out.add(o.asText());
            }
            return List.copyOf(out);
        } catch (JacksonException e) {
            throw error(origin, -1, "options must be 'rubric' or a JSON array of strings: " + e.getOriginalMessage());
        }
    }

    private static String value(String raw, String origin, int line) {
        String v = raw.strip();
        if (v.startsWith("\"")) {
            try {
                JsonNode node = JSON.readTree(v);
                if (node == null || !node.isTextual()) {
                    throw error(origin, line, "value is not a JSON string: " + v);
                }
                return node.asText();
            } catch (JacksonException e) {
                throw error(origin, line, "bad JSON string " + v + ": " + e.getOriginalMessage());
            }
        }
        return v;
    }

    private static String required(Map<String, String> header, String key, String origin) {
        String v = header.get(key);
        if (v == null) {
            throw error(origin, -1, "missing required key '" + key + ":'");
        }
        return v;
    }

    private static IllegalArgumentException error(String origin, int zeroBasedLine, String message) {
        String where = zeroBasedLine >= 0 ? origin + " line " + (zeroBasedLine + 1) : origin;
        return new IllegalArgumentException(where + ": " + message);
    }
}
