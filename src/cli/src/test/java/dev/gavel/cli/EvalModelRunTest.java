package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.gguf.GgmlType;
import dev.gavel.gguf.HuggingFaceVocabulary;
import dev.gavel.gguf.ModelShape;
import dev.gavel.gguf.ModelSynthesizer;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eval --model}: a judge model run over a benchmark writes the report and its plots, and a
 * model that is not a judge agrees with GPT-4 about as well as chance.
 *
 * <p>The default run uses a tiny random model carrying SmolLM2's 49k-token vocabulary, on which a
 * Vicuna prompt is about 600 tokens; stories260K's 512-token vocabulary makes the same prompts
 * 2,500 to 8,000 tokens long, which cost the suite minutes, so that run is on request:
 * {@code mvn test -Dtest=EvalModelRunTest -Dgavel.acceptance=true}.
 */
class EvalModelRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void judgeRunOverPrometheusDataWritesReportAndPlots() throws Exception {
        Path model = TestModels.synthesize("eval-smollm-vocab", ModelSynthesizer.builder(ModelShape.TINY_TIED)
                .weightType(GgmlType.Q8_0).seed(17).vocabulary(HuggingFaceVocabulary.fromTokenizerJson(
                        SharedFixtures.tokenizer("smollm2-135m/tokenizer.json"), HuggingFaceVocabulary.SMOLLM)).build());
        runAndCheck(model, 16, "4096");
    }

    @Test
    @EnabledIfSystemProperty(named = "gavel.acceptance", matches = "true")
    void storyModelRunOverPrometheusDataIsNearChance() throws Exception {
        runAndCheck(SharedFixtures.model("stories260K.gguf"), 16, "16384");
    }

    private void runAndCheck(Path model, int items, String context) throws IOException {
        JsonNode all = JSON.readTree(SharedFixtures.data("prometheus_vicuna_eval.json").toFile());
        var subset = JSON.createArrayNode();
        for (int i = 0; i < items; i++) {
            subset.add(all.get(i * (all.size() / items)));
        }
        Path data = tmp.resolve("vicuna" + items + ".json");
        JSON.writeValue(data.toFile(), subset);
        Path out = tmp.resolve("report");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            code = GavelCli.execute("eval", "--preset", "prometheus", "--data", data.toString(),
                    "--model", model.toString(), "--chat-template", "chatml",
                    "--mode", "score-only", "--context", context, "--parallel", "4", "--threads", "2",
                    "--resamples", "200", "--json", "--out", out.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code, stdout.toString(StandardCharsets.UTF_8));
        JsonNode report = JSON.readTree(Files.readString(out.resolve("report.json")));
        assertTrue(Files.size(out.resolve("report.md")) > 0);
        try (var files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".png")), "plots written");
        }
        assertEquals(items, report.findValue("matched").asInt(), "every item judged: " + report);
        JsonNode pearson = report.findValue("pearson");
        assertTrue(pearson != null, report.toPrettyString());
        if (pearson.isNumber()) {
            assertTrue(Math.abs(pearson.asDouble()) < 0.9, "a model that is not a judge cannot agree with GPT-4: " + pearson);
        }
    }
}
