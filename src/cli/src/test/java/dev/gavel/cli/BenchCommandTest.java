package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.gguf.GgmlType;
import dev.gavel.gguf.GgufVocabulary;
import dev.gavel.gguf.ModelShape;
import dev.gavel.gguf.ModelSynthesizer;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gavel.testing.ConsoleCapture;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gavel bench} end to end on a tiny synthesized model (real Llama-2 vocabulary, so the
 * prompts are the real Vicuna ones) with two items and a small budget. Speed is not asserted:
 * these tests check the command's output shape and that every contender runs.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTRACT_KEYS = List.of("gavel_judgments_per_s", "jllama_judgments_per_s",
            "jllama_default_judgments_per_s", "ratio_vs_jllama", "score_only_judgments_per_s",
            "prefill_ceiling_judgments_per_s", "feedback_lower_bound_s", "feedback_wall_s");

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static Path tinyModel() throws Exception {
        Path vocab = SharedFixtures.model("llama-2-tiny-random.gguf");
        return TestModels.synthesize("tiny-llama2-vocab", ModelSynthesizer.builder(ModelShape.TINY)
                .weightType(GgmlType.F32).seed(3).vocabulary(GgufVocabulary.copyFrom(vocab)).build());
    }

    private int run(String... args) {
        return GavelCli.execute(args);
    }

    @Test
    void jsonHasTheContractKeysWithGavelOnly() throws Exception {
        Path model = tinyModel();
        Path data = SharedFixtures.data("prometheus_vicuna_eval.json").getParent();
        int code = run("bench", "--workload", "vicuna", "--model", model.toString(), "--data", data.toString(),
                "--items", "2", "--feedback-tokens", "4", "--parallel", "2", "--flash", "on", "--threads", "1",
                "--quick", "--contenders", "gavel,score-only,reference", "--json");
        assertEquals(0, code, console::stderr);
        JsonNode o = JSON.readTree(console.stdout().strip());
        for (String key : CONTRACT_KEYS) {
            assertTrue(o.has(key), "missing " + key + " in " + o);
        }
        assertTrue(o.get("gavel_judgments_per_s").asDouble() > 0);
        assertTrue(o.get("score_only_judgments_per_s").asDouble() > 0);
        assertTrue(o.get("jllama_judgments_per_s").isNull());
        assertTrue(o.get("ratio_vs_jllama").isNull());
        assertTrue(o.get("feedback_lower_bound_s").asDouble() > 0);
        assertEquals(2, o.get("judgments").asInt());
        assertTrue(o.get("prompt_tokens_needed").asLong() < o.get("prompt_tokens_total").asLong(),
                "two responses to one question share a prefix");
        JsonNode gavel = o.get("contenders").get(1);
        assertEquals("gavel", gavel.get("kind").asText());
        assertEquals(2, gavel.get("extra").get("well_formed").asInt());
        assertTrue(gavel.get("peak_rss_bytes").asLong() > 0);
    }

    @Test
    void everyContenderRunsAndTheTableEndsWithTheRatio() throws Exception {
        Path model = tinyModel();
        Path data = SharedFixtures.data("prometheus_vicuna_eval.json").getParent();
        int code = run("bench", "--workload", "vicuna", "--model", model.toString(), "--data", data.toString(),
                "--items", "2", "--feedback-tokens", "4", "--parallel", "2", "--flash", "on", "--threads", "1",
                "--quick");
        assertEquals(0, code, console::stderr);
        String text = console.stdout().strip();
        for (String label : List.of("jllama default", "jllama 1 slot", "jllama 4 slots fa", "naive loop", "gavel p=2 fa",
                "gavel score-only")) {
            assertTrue(text.contains(label), "no row for " + label + ":\n" + text);
        }
        String last = text.lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("ratio_vs_jllama=\\d+\\.\\d+"), last);
    }
}
