package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** grade, compare, inspect and synth through {@link GavelCli#execute}: results, error cases and exit codes. */
class BatchCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUBRIC = "{\"criteria\":\"Correct?\",\"score1_description\":\"no\","
            + "\"score2_description\":\"partly\",\"score3_description\":\"yes\"}";

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();



    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private int grade(Path input, Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("grade", "--model", TestModels.tinyByteLevel().toString(),
                "--input", input.toString(), "--output", output.toString(), "--chat-template", "chatml",
                "--mode", "score-only", "--parallel", "2", "--threads", "2"));
        args.addAll(List.of(extra));
        return GavelCli.execute(args.toArray(String[]::new));
    }

    @Test
    void gradesTheSampleFileAndResumesWithoutRedoingIt() throws IOException {
        Path output = tmp.resolve("out.jsonl");
        Path summary = tmp.resolve("summary.json");
        int rc = grade(Path.of("docs/examples/items.jsonl"), output, "--summary-json", summary.toString());
        assertEquals(ExitCodes.OK, rc, console.stderr());
        List<JsonNode> recs = records(output);
        assertEquals(4, recs.size());
        for (JsonNode r : recs) {
            int score = r.get("score").asInt();
            assertTrue(score >= 1 && score <= 5, r.toString());
            assertEquals(5, r.get("distribution").size());
            assertTrue(r.has("feedback") && r.has("expected_score") && r.has("format_adherence"), r.toString());
            assertEquals(64, r.get("model_sha256").asText().length());
            assertEquals("chatml", r.get("provenance").get("chat_template").asText());
        }
        assertTrue(console.stderr().contains("4 judged"), console.stderr());
        assertEquals(4, JSON.readTree(summary.toFile()).get("ok").asInt());

        int again = grade(Path.of("docs/examples/items.jsonl"), output);
        assertEquals(ExitCodes.OUTPUT, again, "an existing output needs --resume or --overwrite");
        assertTrue(console.stderr().contains("--resume"), console.stderr());

        int resumed = grade(Path.of("docs/examples/items.jsonl"), output, "--resume");
        assertEquals(ExitCodes.OK, resumed, console.stderr());
        assertEquals(4, records(output).size(), "nothing judged twice");
        assertTrue(console.stderr().contains("4 skipped"), console.stderr());
    }

    @Test
    void badRecordsGetErrorRecordsAndTheGoodOnesAreStillGraded() throws IOException {
        Path input = tmp.resolve("in.jsonl");
        Files.writeString(input, String.join("\n",
                "{\"id\":\"ok1\",\"instruction\":\"2+2?\",\"response\":\"4\",\"rubric\":" + RUBRIC + "}",
                "{\"id\":\"broken\",\"instruction\":\"2+2?\",",
                "{\"id\":\"nofield\",\"instruction\":\"2+2?\",\"rubric\":" + RUBRIC + "}",
                "{\"id\":\"ok2\",\"instruction\":\"3+3?\",\"response\":\"6\",\"rubric\":" + RUBRIC + "}",
                "{\"id\":\"ok1\",\"instruction\":\"dup\",\"response\":\"x\",\"rubric\":" + RUBRIC + "}") + "\n");
        Path output = tmp.resolve("out.jsonl");
        // A 1-3 rubric: prometheus2 only grades 1-5, the generic rubric format takes any scale.
        int rc = grade(input, output, "--format", "gavel-rubric-v1");
        assertEquals(ExitCodes.RECORDS_FAILED, rc, console.stderr());
        List<JsonNode> recs = records(output);
        assertEquals(5, recs.size());
        JsonNode broken = recs.stream().filter(r -> r.path("line").asInt() == 2).findFirst().orElseThrow();
        assertTrue(broken.get("error").asText().contains("not valid JSON"), broken.toString());
        JsonNode missing = recs.stream().filter(r -> r.path("id").asText().equals("nofield")).findFirst().orElseThrow();
        assertEquals(3, missing.get("line").asInt());
        assertTrue(missing.get("error").asText().contains("missing field 'response'"), missing.toString());
        JsonNode dup = recs.stream().filter(r -> r.path("duplicate").asBoolean()).findFirst().orElseThrow();
        assertEquals(5, dup.get("line").asInt());
        assertEquals(2, recs.stream().filter(r -> r.has("score")).count(), "good records are still graded");
        assertTrue(console.stderr().contains("3 errors"), console.stderr());
    }

    @Test
    void tooLongItemsAreErrorsUntilRetriedWithALargerContext() throws IOException {
        Path input = Path.of("docs/examples/items.jsonl");
        Path output = tmp.resolve("retry.jsonl");
        assertEquals(ExitCodes.RECORDS_FAILED, grade(input, output, "--context", "512", "--batch-size", "512"));
        List<JsonNode> first = records(output);
        assertEquals(4, first.size());
        assertTrue(first.stream().allMatch(r -> r.get("error_type").asText().equals("input_too_long")), first.toString());
        assertTrue(first.get(0).get("error").asText().contains("--context"), first.get(0).toString());

        assertEquals(ExitCodes.RECORDS_FAILED, grade(input, output, "--resume"),
                "error records kept by a plain --resume still fail the run");
        assertEquals(4, records(output).size());

        assertEquals(ExitCodes.OK, grade(input, output, "--resume", "--retry-errors"), console.stderr());
        List<JsonNode> retried = records(output);
        assertEquals(4, retried.size(), "one record per id after the retry");
        assertTrue(retried.stream().allMatch(r -> r.has("score")), retried.toString());
    }

    @Test
    void unknownPresetIsAUsageError() {
        int rc = grade(Path.of("docs/examples/items.jsonl"), tmp.resolve("o.jsonl"), "--preset", "vicuna");
        assertEquals(ExitCodes.USAGE, rc);
        assertTrue(console.stderr().contains("unknown preset 'vicuna'") && console.stderr().contains("prometheus"), console.stderr());
    }

    @Test
    void missingModelFileIsAModelProblemAndCreatesNoOutput() {
        Path output = tmp.resolve("o.jsonl");
        int rc = GavelCli.execute("grade", "--model", tmp.resolve("nope.gguf").toString(), "--input",
                "docs/examples/items.jsonl", "--output", output.toString());
        assertEquals(ExitCodes.MODEL, rc);
        assertTrue(console.stderr().contains("nope.gguf") && console.stderr().contains("what to do"), console.stderr());
        assertFalse(Files.exists(output));
    }

    @Test
    void aFileThatIsNotGgufIsAModelProblem() throws IOException {
        Path fake = tmp.resolve("model.gguf");
        Files.writeString(fake, "this is not a model, it is a text file that someone renamed\n".repeat(10));
        int rc = GavelCli.execute("grade", "--model", fake.toString(), "--input", "docs/examples/items.jsonl",
                "--output", tmp.resolve("o.jsonl").toString());
        assertEquals(ExitCodes.MODEL, rc);
        assertTrue(console.stderr().contains("not gguf") && console.stderr().contains("docs/models.md"), console.stderr());
        assertEquals(ExitCodes.MODEL, GavelCli.execute("inspect", fake.toString()));
    }

    @Test
    void missingOrEmptyInputIsAnInputProblem() throws IOException {
        assertEquals(ExitCodes.INPUT, grade(tmp.resolve("absent.jsonl"), tmp.resolve("o.jsonl")));
        assertTrue(console.stderr().contains("file not found"), console.stderr());
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "\n");
        assertEquals(ExitCodes.INPUT, grade(empty, tmp.resolve("o2.jsonl")));
        assertEquals(ExitCodes.INPUT, grade(Path.of("docs/examples/items.jsonl"), tmp.resolve("o3.jsonl"),
                "--rubric", tmp.resolve("no-rubric.json").toString()));
    }

    @Test
    void compareWritesWinnersWithBothOrders() throws IOException {
        Path input = tmp.resolve("pairs.jsonl");
        Files.writeString(input, "{\"id\":\"p1\",\"instruction\":\"Say hi\",\"response_a\":\"hi\",\"response_b\":\"no\"}\n"
                + "{\"id\":\"p2\",\"instruction\":\"Count to 3\",\"response_a\":\"1 2 3\",\"response_b\":\"1 2\"}\n");
        Path output = tmp.resolve("cmp.jsonl");
        int rc = GavelCli.execute("compare", "--model", TestModels.tinyByteLevel().toString(), "--input",
                input.toString(), "--output", output.toString(), "--chat-template", "chatml", "--mode", "score-only");
        assertEquals(ExitCodes.OK, rc, console.stderr());
        for (JsonNode r : records(output)) {
            assertTrue(List.of("A", "B").contains(r.get("winner").asText()), r.toString());
            assertTrue(r.has("probability_a") && r.has("consistent") && r.has("reversed"), r.toString());
        }
        assertTrue(console.stderr().contains("winners"), console.stderr());
    }

    @Test
    void stepsFindsAFirstWrongStepPerSolution() throws IOException {
        JsonNode all = JSON.readTree(SharedFixtures.data("processbench_gsm8k.json").toFile());
        Path input = tmp.resolve("pb.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append(JSON.writeValueAsString(all.get(i))).append('\n');
        }
        Files.writeString(input, lines);
        Path output = tmp.resolve("steps.jsonl");
        int rc = GavelCli.execute("steps", "--model", TestModels.tinyByteLevel().toString(), "--input",
                input.toString(), "--output", output.toString(), "--chat-template", "chatml", "--mode",
                "score-only", "--context", "8192", "--parallel", "1", "--no-prefix-cache");
        assertEquals(ExitCodes.OK, rc, console.stderr());
        List<JsonNode> recs = records(output);
        assertEquals(3, recs.size());
        for (JsonNode r : recs) {
            JsonNode item = null;
            for (JsonNode a : all) {
                if (a.get("id").asText().equals(r.get("id").asText())) {
                    item = a;
                }
            }
            int step = r.get("step").asInt();
            assertTrue(item != null && step >= -1 && step < item.get("steps").size(), r.toString());
            assertEquals(item.get("steps").size() + 1, r.get("distribution").size());
        }
        assertTrue(console.stderr().contains("first wrong step"), console.stderr());
    }

    @Test
    void inspectPrintsModelInfoAsTextAndJson() throws IOException {
        Path stories = SharedFixtures.model("stories260K.gguf");
        assertEquals(ExitCodes.OK, GavelCli.execute("inspect", stories.toString(), "--sha256"));
        assertTrue(console.stdout().contains("architecture    llama"), console.stdout());
        assertTrue(console.stdout().contains("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d"), console.stdout());
        console.out().reset();
        assertEquals(ExitCodes.OK, GavelCli.execute("inspect", stories.toString(), "--json"));
        JsonNode j = JSON.readTree(console.stdout());
        assertEquals(512, j.get("vocabularySize").asInt());
        assertFalse(j.get("chatTemplatePresent").asBoolean());
        assertTrue(j.get("fileSize").asLong() > 1_000_000);

        int rc = GavelCli.execute("inspect", SharedFixtures.model("ggml-vocab-phi-3.gguf").toString());
        assertEquals(ExitCodes.MODEL, rc);
        assertTrue(console.stderr().contains("only a vocabulary"), console.stderr());
    }

    @Test
    void synthWritesALoadableModel() {
        Path model = tmp.resolve("m/tiny.gguf");
        assertEquals(ExitCodes.OK, GavelCli.execute("synth", "--shape", "tiny", "--quant", "q8_0", "--seed", "3",
                "--out", model.toString()), console.stderr());
        assertEquals(ExitCodes.OK, GavelCli.execute("inspect", model.toString()), console.stderr());
        assertTrue(console.stdout().contains("Q8_0"), console.stdout());
        assertEquals(ExitCodes.OK, GavelCli.execute("synth", "--embedding", "64", "--layers", "1", "--heads", "4",
                "--vocab-size", "300", "--quant", "f32", "--out", tmp.resolve("c.gguf").toString()), console.stderr());
        assertEquals(ExitCodes.USAGE, GavelCli.execute("synth", "--shape", "gpt-5", "--out", "x.gguf"));
        assertTrue(console.stderr().contains("mistral-7b"), console.stderr());
    }
}
