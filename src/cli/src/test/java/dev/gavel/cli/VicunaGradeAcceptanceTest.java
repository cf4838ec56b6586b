package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: grading prometheus_vicuna_eval.json (Prometheus preset) with stories260K writes 320
 * records, one per item. stories260K has a 512-token vocabulary, so the Vicuna prompts are about
 * 2,500 to 8,000 tokens long.
 */
class VicunaGradeAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    @TempDir
    Path tmp;

    /**
     * Full run: a 4096-token context with the middle of the longest responses elided, score-only,
     * so each item is one forward pass; every item is judged. Measured 7m40s on the shared 2-core
     * machine (0.69 judgments/s, 2,160 tokens/s), so it runs on request:
     * {@code mvn test -Dtest=VicunaGradeAcceptanceTest -Dgavel.acceptance=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "gavel.acceptance", matches = "true")
    void gradesAll320VicunaRecords() throws IOException {
        Path output = tmp.resolve("vicuna.jsonl");
        int rc = grade(output, "--context", "4096", "--long-input", "elide", "--parallel", "2", "--threads", "1");
        List<JsonNode> records = onePerId(output);
        for (JsonNode r : records) {
            assertTrue(r.has("score"), "judged: " + r);
            assertEquals(5, r.get("distribution").size());
            assertEquals(STORIES_SHA256, r.get("model_sha256").asText());
        }
        assertEquals(ExitCodes.OK, rc);
    }

    /**
     * Always on and fast: the same file through the same command with a context too small for any
     * prompt, so every item is tokenized, measured and refused. Still exactly one record per item,
     * each naming the item and what to do.
     */
    @Test
    void everyVicunaItemGetsExactlyOneRecord() throws IOException {
        Path output = tmp.resolve("vicuna-small-context.jsonl");
        int rc = grade(output, "--context", "512", "--long-input", "fail", "--parallel", "1");
        List<JsonNode> records = onePerId(output);
        for (JsonNode r : records) {
            assertEquals("input_too_long", r.get("error_type").asText(), r.toString());
            assertTrue(r.get("error").asText().contains("--context"), r.toString());
            assertEquals(r.get("id").asInt(), r.get("record").asInt());
        }
        assertEquals(ExitCodes.RECORDS_FAILED, rc);
    }

    private static int grade(Path output, String... engine) {
        Path data = SharedFixtures.data("prometheus_vicuna_eval.json");
        Path model = SharedFixtures.model("stories260K.gguf");
        List<String> args = new java.util.ArrayList<>(List.of("grade", "--model", model.toString(),
                "--input", data.toString(), "--output", output.toString(), "--preset", "prometheus",
                "--chat-template", "chatml", "--mode", "score-only", "--quiet"));
        args.addAll(List.of(engine));
        return GavelCli.execute(args.toArray(String[]::new));
    }

    private static List<JsonNode> onePerId(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output);
        assertEquals(320, lines.size());
        Set<String> ids = new HashSet<>();
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode r = JSON.readTree(line);
            assertTrue(ids.add(r.get("id").asText()), "one record per id: " + line);
            out.add(r);
        }
        for (int i = 0; i < 320; i++) {
            assertTrue(ids.contains(Integer.toString(i)), "id " + i);
        }
        return out;
    }
}
