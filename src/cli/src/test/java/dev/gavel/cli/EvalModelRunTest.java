package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eval --model}: a judge model run over a benchmark writes the report and its plots. With
 * stories260K (a story generator, not a judge) the agreement must be near chance.
 */
class EvalModelRunTest {

    @Test
    void judgeRunOverPrometheusDataWritesReportAndPlots(@TempDir Path tmp) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode all = json.readTree(SharedFixtures.data("prometheus_vicuna_eval.json").toFile());
        // 16 records keep the test short; the full 320 is the command recorded in docs/evaluation.md.
        var subset = json.createArrayNode();
        for (int i = 0; i < 16; i++) {
            subset.add(all.get(i * 20));
        }
        Path data = tmp.resolve("vicuna16.json");
        json.writeValue(data.toFile(), subset);
        Path out = tmp.resolve("report");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            code = GavelCli.execute("eval", "--preset", "prometheus", "--data", data.toString(),
                    "--model", SharedFixtures.model("stories260K.gguf").toString(), "--chat-template", "chatml",
                    "--mode", "score-only", "--context", "16384", "--parallel", "4", "--threads", "2",
                    "--resamples", "200", "--json", "--out", out.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code, stdout.toString(StandardCharsets.UTF_8));
        JsonNode report = json.readTree(Files.readString(out.resolve("report.json")));
        assertTrue(Files.size(out.resolve("report.md")) > 0);
        try (var files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".png")), "plots written");
        }
        JsonNode pearson = report.findValue("pearson");
        assertTrue(pearson != null, report.toPrettyString());
        if (pearson.isNumber()) {
            assertTrue(Math.abs(pearson.asDouble()) < 0.9, "a story model cannot agree with GPT-4: " + pearson);
        }
        assertTrue(report.toString().contains("16"), "16 items judged: " + report);
    }
}
