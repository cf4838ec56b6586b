package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gavel.testing.ConsoleCapture;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gavel eval} end to end through {@link GavelCli#execute}, stdout and stderr captured. */
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();



    private String data(String name) {
        return SharedFixtures.data(name).toString();
    }

    @Test
    void pandaLmTextOutputReproducesPublishedFigures() {
        int rc = GavelCli.execute("eval", "--preset", "pandalm", "--data", data("pandalm_testset_v1.json"),
                "--predictions", data("pandalm_predictions_gpt35turbo.json"), "--resamples", "100");
        assertEquals(0, rc, console.stderr());
        assertTrue(console.stdout().matches("(?s).*accuracy\\s+71\\.07%.*"), console.stdout());
        assertTrue(console.stdout().matches("(?s).*macro_f1\\s+57\\.55%.*"), console.stdout());
    }

    @Test
    void pandaLmJsonAndReportDirectory() throws IOException {
        Path dir = tmp.resolve("report");
        int rc = GavelCli.execute("eval", "--preset", "PandaLM", "--data", data("pandalm_testset_v1.json"),
                "--predictions", data("pandalm_predictions_pandalm7b.json"), "--json", "--out", dir.toString(),
                "--resamples", "100");
        assertEquals(0, rc, console.stderr());
        JsonNode json = JSON.readTree(console.stdout());
        assertEquals("66.77", json.get("accuracy").asText());
        assertEquals("57.43", json.get("macro_f1").asText());
        assertEquals(999, json.get("counts").get("matched").asInt());
        assertTrue(json.get("metrics").get("accuracy").get("ci").get("lower").asDouble() < 0.6677);
        for (String f : List.of("report.json", "report.md", "confusion_matrix.png", "categories.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 100, f);
        }
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| accuracy (%) | 66.77 |"));
        byte[] png = Files.readAllBytes(dir.resolve("confusion_matrix.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void llmBarWithBothOrders() throws IOException {
        // the judge gets the original order right every time and, when swapped, always names
        // response 2: correct only where 2 is the label (58 of 100 in llmbar_natural)
        List<JsonNode> bar = records("llmbar_natural.json");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < bar.size(); i++) {
            lines.add("{\"id\": \"" + i + "\", \"winner\": " + bar.get(i).get("label").asInt() + "}");
            lines.add("{\"id\": \"" + i + "\", \"winner\": 2, \"swapped\": true}");
        }
        Path preds = tmp.resolve("bar.jsonl");
        Files.write(preds, lines);
        int rc = GavelCli.execute("eval", "--preset", "llmbar", "--data", data("llmbar_natural.json"),
                "--predictions", preds.toString(), "--json", "--resamples", "50");
        assertEquals(0, rc, console.stderr());
        JsonNode json = JSON.readTree(console.stdout());
        assertEquals(100.0, json.get("accuracy").asDouble());
        assertEquals(58.0, json.get("accuracy_swapped").asDouble());
        assertEquals(79.0, json.get("accuracy_both_orders").asDouble());
        assertEquals(58.0, json.get("positional_consistency").asDouble());
    }

    @Test
    void readsGavelsOwnCompareOutputAsBothOrders() throws IOException {
        Path dataset = tmp.resolve("bar.json");
        Files.writeString(dataset, "[{\"input\": \"Say hi\", \"output_1\": \"hi\", \"output_2\": \"no\", \"label\": 1},"
                + " {\"input\": \"Count to 3\", \"output_1\": \"1 2\", \"output_2\": \"1 2 3\", \"label\": 2},"
                + " {\"input\": \"Name a colour\", \"output_1\": \"red\", \"output_2\": \"dog\", \"label\": 1}]");
        Path compared = tmp.resolve("compared.jsonl");
        assertEquals(0, GavelCli.execute("compare", "--model", dev.gavel.testing.TestModels.tinyByteLevel().toString(),
                "--input", dataset.toString(), "--preset", "llmbar", "--output", compared.toString(),
                "--chat-template", "chatml", "--mode", "score-only", "--parallel", "2", "--threads", "2"),
                console.stderr());
        console.out().reset();
        assertEquals(0, GavelCli.execute("eval", "--preset", "llmbar", "--data", dataset.toString(), "--predictions",
                compared.toString(), "--json", "--resamples", "20"), console.stderr());
        JsonNode json = JSON.readTree(console.stdout());
        assertEquals(3, json.get("counts").get("matched").asInt(), json.toString());
        assertTrue(json.get("positional_consistency").isNumber(), "both orders were read: " + json);
        assertTrue(json.get("accuracy_swapped").isNumber(), json.toString());

        assertEquals(2, GavelCli.execute("eval", "--preset", "llmbar", "--data", dataset.toString(), "--predictions",
                compared.toString(), "--parallel", "4"), "no judge runs with --predictions: engine flags are refused");
        assertTrue(console.stderr().contains("--parallel applies only with --model"), console.stderr());
    }

    @Test
    void aDatasetWithoutLabelsIsNamedAsTheProblem() throws IOException {
        Path preds = Files.writeString(tmp.resolve("p.jsonl"), "{\"id\": \"0\", \"score\": 3}\n");
        assertEquals(3, GavelCli.execute("eval", "--preset", "prometheus", "--data", "docs/examples/items.jsonl",
                "--predictions", preds.toString()));
        assertTrue(console.stderr().contains("has no labels") && console.stderr().contains("gpt4_score"),
                console.stderr());
    }

    @Test
    void processBench() throws IOException {
        List<JsonNode> items = records("processbench_gsm8k.json");
        Path perfect = tmp.resolve("perfect.jsonl");
        Path allCorrect = tmp.resolve("none.jsonl");
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (JsonNode n : items) {
            a.add("{\"id\": \"" + n.get("id").asText() + "\", \"step\": " + n.get("label").asInt() + "}");
            b.add("{\"id\": \"" + n.get("id").asText() + "\", \"step\": -1}");
        }
        Files.write(perfect, a);
        Files.write(allCorrect, b);
        assertEquals(0, GavelCli.execute("eval", "--preset", "processbench", "--data", data("processbench_gsm8k.json"),
                "--predictions", perfect.toString(), "--json", "--resamples", "50"), console.stderr());
        assertEquals(100.0, JSON.readTree(console.stdout()).get("f1").asDouble());
        console.out().reset();
        // saying "no error" everywhere is right on the 193 correct solutions and wrong on the 207 others
        assertEquals(0, GavelCli.execute("eval", "--preset", "processbench", "--data", data("processbench_gsm8k.json"),
                "--predictions", allCorrect.toString(), "--json", "--resamples", "50"), console.stderr());
        JsonNode json = JSON.readTree(console.stdout());
        assertEquals(0.0, json.get("f1").asDouble());
        assertEquals(100.0, json.get("correct_accuracy").asDouble());
        assertEquals(207, json.get("counts").get("erroneous_items").asInt());
    }

    @Test
    void prometheusCorrelationsCalibrationAndCategories() throws IOException {
        // scores equal to the mean GPT-4 score: every correlation is exactly 1
        List<JsonNode> items = records("prometheus_vicuna_eval.json");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            double sum = 0;
            for (JsonNode s : items.get(i).get("gpt4_score")) {
                sum += s.asDouble();
            }
            double mean = sum / items.get(i).get("gpt4_score").size();
            long top = Math.round(mean);
            // a judge more confident than it should be on odd records
            double p = i % 2 == 0 ? 0.6 : 0.95;
            lines.add("{\"id\": \"" + i + "\", \"score\": " + mean + ", \"probs\": {\"" + top + "\": " + p + "}}");
        }
        Path preds = tmp.resolve("prom.jsonl");
        Files.write(preds, lines);
        Path dir = tmp.resolve("prom");
        int rc = GavelCli.execute("eval", "--preset", "prometheus", "--data", data("prometheus_vicuna_eval.json"),
                "--predictions", preds.toString(), "--json", "--out", dir.toString(), "--resamples", "50");
        assertEquals(0, rc, console.stderr());
        JsonNode json = JSON.readTree(console.stdout());
        assertEquals(1.0, json.get("pearson").asDouble());
        assertEquals(1.0, json.get("spearman").asDouble());
        assertEquals(1.0, json.get("kendall_tau_b").asDouble());
        assertEquals(320, json.get("counts").get("matched").asInt());
        assertEquals(9, json.get("categories").get("values").size());
        assertTrue(Files.exists(dir.resolve("calibration.png")));
        assertTrue(Files.exists(dir.resolve("categories.png")));
    }

    @Test
    void badRecordsBecomeErrorsAndTheRunCarriesOn() throws IOException {
        Path preds = tmp.resolve("some.jsonl");
        Files.writeString(preds, """
                {"id": "0", "winner": 1}
                {"id": "1", "winner": "sometimes"}
                {"id": "nope", "winner": 1}
                """);
        int rc = GavelCli.execute("eval", "--preset", "llmbar", "--data", data("llmbar_natural.json"),
                "--predictions", preds.toString(), "--json", "--resamples", "10");
        assertEquals(0, rc, console.stderr());
        JsonNode json = JSON.readTree(console.stdout());
        assertEquals(1, json.get("counts").get("matched").asInt());
        assertEquals(99, json.get("counts").get("missing").asInt());
        assertEquals(2, json.get("errors").size());
        assertTrue(json.get("errors").get(0).asText().contains("line 2: field 'winner' must be 1, 2 or 0/tie"));
        assertTrue(json.get("errors").get(1).asText().contains("id 'nope' is not in the dataset"));
    }

    @Test
    void exitCodes() throws IOException {
        String testset = data("pandalm_testset_v1.json");
        String preds = data("pandalm_predictions_pandalm7b.json");
        assertEquals(3, GavelCli.execute("eval", "--preset", "pandalm", "--data", tmp.resolve("absent.json").toString(),
                "--predictions", preds));
        assertTrue(console.stderr().contains("file not found"), console.stderr());
        assertEquals(3, GavelCli.execute("eval", "--preset", "pandalm", "--data", testset,
                "--predictions", tmp.resolve("absent.jsonl").toString()));
        Path unrelated = tmp.resolve("unrelated.jsonl");
        Files.writeString(unrelated, "{\"id\": \"x\", \"winner\": 1}\n");
        assertEquals(3, GavelCli.execute("eval", "--preset", "pandalm", "--data", testset, "--predictions", unrelated.toString()));
        assertTrue(console.stderr().contains("no prediction matches any dataset id"), console.stderr());

        assertEquals(2, GavelCli.execute("eval", "--data", testset, "--predictions", preds));
        assertEquals(2, GavelCli.execute("eval", "--preset", "mtbench", "--data", testset, "--predictions", preds));
        assertTrue(console.stderr().contains("unknown preset 'mtbench'"), console.stderr());
        assertEquals(2, GavelCli.execute("eval", "--preset", "pandalm", "--data", testset));
        assertEquals(2, GavelCli.execute("eval", "--preset", "pandalm", "--data", testset, "--predictions", preds,
                "--model", "judge.gguf"));
        assertEquals(2, GavelCli.execute("eval", "--preset", "pandalm", "--data", testset, "--predictions", preds,
                "--resamples", "0"));

        Path notADirectory = tmp.resolve("file");
        Files.writeString(notADirectory, "x");
        assertEquals(1, GavelCli.execute("eval", "--preset", "pandalm", "--data", testset, "--predictions", preds,
                "--resamples", "10", "--out", notADirectory.toString()));
        assertTrue(console.stderr().contains("cannot write report"), console.stderr());

        console.err().reset();
        assertEquals(4, GavelCli.execute("eval", "--preset", "pandalm", "--data", testset, "--model", "judge.gguf"));
        assertTrue(console.stderr().contains("judge.gguf"), console.stderr());
    }

    private static List<JsonNode> records(String name) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(SharedFixtures.data(name).toFile()).forEach(out::add);
        return out;
    }
}
