package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.ConsoleCapture;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
class JobCommandsTest {
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

    /** Four synthetic step-by-step solutions of {@code steps} steps each, in the processbench layout. */
    private Path stepsFile(int steps) throws IOException {
        Path input = tmp.resolve("steps-" + steps + ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int item = 0; item < 4; item++) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                list.add("Step " + i + ": " + (i * 7 + item) + " plus " + i + " is " + (i * 8 + item) + ".");
            }
            lines.append(JSON.writeValueAsString(java.util.Map.of("id", "s" + item, "problem",
                    "What is " + item + " plus 66?", "steps", list))).append('\n');
        }
        return Files.writeString(input, lines);
    }

    /** The option with the highest probability in a record's distribution; ties go to the earlier one. */
    private static String argmax(JsonNode distribution) {
        String best = null;
        double bestP = -1;
        for (var it = distribution.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().asDouble() > bestP) {
                bestP = e.getValue().asDouble();
                best = e.getKey();
            }
        }
        return best;
    }

    @Test
    void everyVerdictIsTheArgmaxOfTheDistributionWrittenBesideIt() throws IOException {
        // A random-weight model spreads its mass over the spellings of each option ("1", " 1"): the case
        // in which the greedy score used to be one spelling's argmax instead of the distribution's.
        String model = TestModels.tinyByteLevel().toString();
        for (String mode : List.of("feedback", "score-only")) {
            Path graded = tmp.resolve("grade-" + mode + ".jsonl");
            List<String> args = new ArrayList<>(List.of("grade", "--model", model, "--input",
                    "docs/examples/items.jsonl", "--output", graded.toString(), "--chat-template", "chatml",
                    "--mode", mode, "--parallel", "2", "--threads", "2"));
            if (mode.equals("feedback")) {
                args.addAll(List.of("--feedback-tokens", "16"));
            }
            assertEquals(ExitCodes.OK, GavelCli.execute(args.toArray(String[]::new)), console.stderr());
            for (JsonNode r : records(graded)) {
                assertEquals(argmax(r.get("distribution")), r.get("score").asText(), mode + ": " + r);
            }
        }
        Path input = stepsFile(12);
        Path checked = tmp.resolve("steps-out.jsonl");
        assertEquals(ExitCodes.OK, GavelCli.execute("steps", "--model", model, "--input", input.toString(),
                "--output", checked.toString(), "--chat-template", "chatml", "--mode", "score-only",
                "--parallel", "2", "--threads", "2"), console.stderr());
        for (JsonNode r : records(checked)) {
            assertEquals(argmax(r.get("distribution")), r.get("step").asText(), r.toString());
        }
    }

    @Test
    void resumeRefusesAnOutputWrittenByAnotherJudgeAndSaysWhatDiffers() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/examples/items.jsonl"));
        Path firstHalf = Files.write(tmp.resolve("half.jsonl"), lines.subList(0, 2));
        Path all = Path.of("docs/examples/items.jsonl");
        Path output = tmp.resolve("out.jsonl");
        assertEquals(ExitCodes.OK, grade(firstHalf, output), console.stderr());
        String written = Files.readString(output);

        Path otherModel = TestModels.synthesize("other-judge", dev.gavel.gguf.ModelSynthesizer
                .builder(dev.gavel.gguf.ModelShape.TINY).weightType(dev.gavel.gguf.GgmlType.F32).seed(12)
                .vocabulary(dev.gavel.gguf.GgufVocabulary.byteLevelSpm(512)).build());
        console.err().reset();
        int rc = GavelCli.execute("grade", "--model", otherModel.toString(), "--input", all.toString(), "--output",
                output.toString(), "--chat-template", "chatml", "--mode", "score-only", "--parallel", "2",
                "--threads", "2", "--resume");
        assertEquals(ExitCodes.OUTPUT, rc, console.stderr());
        assertTrue(console.stderr().contains("model SHA-256") && console.stderr().contains("--accept-other-judge"),
                console.stderr());
        assertEquals(written, Files.readString(output), "nothing appended");

        console.err().reset();
        assertEquals(ExitCodes.OUTPUT, grade(all, output, "--resume", "--temperature", "0.5"));
        assertTrue(console.stderr().contains("sampling") && !console.stderr().contains("model SHA-256"),
                console.stderr());
        console.err().reset();
        assertEquals(ExitCodes.OUTPUT, grade(all, output, "--resume", "--format", "gavel-rubric-v1"));
        assertTrue(console.stderr().contains("format: prometheus2") && console.stderr().contains("template hash"),
                console.stderr());
        assertEquals(written, Files.readString(output), "nothing appended");

        assertEquals(ExitCodes.OK, grade(all, output, "--resume"), "the same judge resumes: " + console.stderr());
        assertEquals(4, records(output).size());

        Path second = tmp.resolve("second.jsonl");
        assertEquals(ExitCodes.OK, grade(firstHalf, second), console.stderr());
        assertEquals(ExitCodes.OK, GavelCli.execute("grade", "--model", otherModel.toString(), "--input",
                all.toString(), "--output", second.toString(), "--chat-template", "chatml", "--mode", "score-only",
                "--parallel", "2", "--threads", "2", "--resume", "--accept-other-judge"), console.stderr());
        assertEquals(2, records(second).stream().map(r -> r.get("model_sha256").asText()).distinct().count(),
                "accepted explicitly: two judges in one file");
    }

    @Test
    void aDefaultRunOnTheCpuDecodesEightSequencesAndSaysHow() throws IOException {
        Path output = tmp.resolve("defaults.jsonl");
        Path summary = tmp.resolve("summary.json");
        assertEquals(ExitCodes.OK, GavelCli.execute("grade", "--model", TestModels.tinyByteLevel().toString(),
                "--input", "docs/examples/items.jsonl", "--output", output.toString(), "--chat-template", "chatml",
                "--mode", "score-only", "--summary-json", summary.toString()), console.stderr());
        String engine = "parallel 8, " + Runtime.getRuntime().availableProcessors() + " thread";
        assertTrue(console.stderr().contains("engine    " + engine), console.stderr());
        // The tiny model's attention heads are narrower than 64, where automatic flash attention is off on a CPU.
        assertTrue(JSON.readTree(summary.toFile()).get("engine").asText().contains("flash attention off, on the CPU"),
                JSON.readTree(summary.toFile()).get("engine").asText());
    }

    @Test
    void twoEnginesAreWhatTheRunSaysItUses() throws IOException {
        Path output = tmp.resolve("engines.jsonl");
        Path summary = tmp.resolve("engines-summary.json");
        assertEquals(ExitCodes.OK, GavelCli.execute("grade", "--model", TestModels.tinyByteLevel().toString(),
                "--input", "docs/examples/items.jsonl", "--output", output.toString(), "--chat-template", "chatml",
                "--mode", "score-only", "--engines", "2", "--threads", "2", "--summary-json", summary.toString()),
                console.stderr());
        assertEquals(4, records(output).size());
        assertTrue(JSON.readTree(summary.toFile()).get("engine").asText().contains("2 engines side by side"),
                JSON.readTree(summary.toFile()).get("engine").asText());
        assertEquals(ExitCodes.USAGE, GavelCli.execute("grade", "--model", TestModels.tinyByteLevel().toString(),
                "--input", "docs/examples/items.jsonl", "--output", tmp.resolve("x.jsonl").toString(),
                "--engines", "3", "--threads", "2"), console.stderr());
        assertTrue(console.stderr().contains("--engines"), console.stderr());
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
    void flagsTheCommandWouldIgnoreAreRefused() throws IOException {
        String model = TestModels.tinyByteLevel().toString();
        String items = "docs/examples/items.jsonl";
        String steps = stepsFile(3).toString();
        List<List<String>> refused = List.of(
                List.of("steps", "--input", steps, "--format", "gavel-rubric-v1"),
                List.of("steps", "--input", steps, "--long-input", "elide"),
                List.of("steps", "--input", steps, "--samples", "3"),
                List.of("compare", "--input", tmp.resolve("pairs.jsonl").toString(), "--samples", "3"),
                List.of("grade", "--input", items, "--mode", "score-only", "--feedback-tokens", "8"),
                List.of("grade", "--input", items, "--top-k", "40"),
                List.of("grade", "--input", items, "--top-p", "0.9"),
                List.of("grade", "--input", items, "--min-p", "0.1"),
                List.of("grade", "--input", items, "--seed", "3"));
        Files.writeString(tmp.resolve("pairs.jsonl"),
                "{\"id\":\"p1\",\"instruction\":\"Say hi\",\"response_a\":\"hi\",\"response_b\":\"no\"}\n");
        for (List<String> flags : refused) {
            Path output = tmp.resolve("refused.jsonl");
            List<String> args = new ArrayList<>(flags);
            args.addAll(List.of("--model", model, "--output", output.toString(), "--chat-template", "chatml",
                    "--parallel", "1", "--threads", "2", "--context", "8192"));
            int before = console.stderr().length();
            assertEquals(ExitCodes.USAGE, GavelCli.execute(args.toArray(String[]::new)), flags + ": " + console.stderr());
            String message = console.stderr().substring(before);
            assertTrue(message.contains(flags.get(flags.size() - 2)), "names the flag: " + message);
            assertFalse(Files.exists(output), flags + " must not start a run");
        }
        // the same flags where they do apply are accepted
        assertEquals(ExitCodes.OK, GavelCli.execute("steps", "--model", model, "--input", steps, "--output",
                tmp.resolve("ok.jsonl").toString(), "--chat-template", "chatml", "--mode", "score-only",
                "--step-format", "processbench-critique", "--parallel", "1", "--threads", "2"), console.stderr());
    }

    @Test
    void usageErrorsAreShortAndUseTheFlagNames() {
        int rc = grade(Path.of("docs/examples/items.jsonl"), tmp.resolve("o.jsonl"), "--context", "10");
        assertEquals(ExitCodes.USAGE, rc);
        String err = console.stderr();
        assertTrue(err.contains("--context must be >= 64, was 10"), err);
        assertFalse(err.contains("contextSize"), "internal option names stay inside: " + err);
        assertTrue(err.lines().count() <= 3, "one line of error and a pointer to --help, not the whole help: " + err);
        assertTrue(err.contains("gavel grade --help"), err);

        console.err().reset();
        assertEquals(ExitCodes.USAGE, grade(Path.of("docs/examples/items.jsonl"), tmp.resolve("o.jsonl"),
                "--flash-attention", "maybe"));
        assertTrue(console.stderr().contains("auto, on, off") && !console.stderr().contains("No enum constant"),
                console.stderr());
    }

    @Test
    void unreadableRubricFileNamesTheRubricFlag() {
        assertEquals(ExitCodes.INPUT, grade(Path.of("docs/examples/items.jsonl"), tmp.resolve("o.jsonl"),
                "--rubric", tmp.resolve("no-rubric.json").toString()));
        assertTrue(console.stderr().contains("--rubric") && !console.stderr().contains("check --input"),
                console.stderr());
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
            for (String order : List.of("forward", "reversed")) {
                // one label space per block: the record's A and B, whichever was shown first
                JsonNode block = r.get(order);
                assertEquals(block.get("probability_a").asDouble(), block.get("distribution").get("A").asDouble(),
                        1e-12, order + ": " + r);
                assertEquals(argmax(block.get("distribution")), block.get("winner").asText(), order + ": " + r);
            }
        }
        assertTrue(console.stderr().contains("winners"), console.stderr());

        // resuming the two-order run with one order would mix records with and without 'reversed'
        Files.writeString(input, "{\"id\":\"p3\",\"instruction\":\"Say bye\",\"response_a\":\"bye\",\"response_b\":\"hi\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        console.err().reset();
        assertEquals(ExitCodes.OUTPUT, GavelCli.execute("compare", "--model", TestModels.tinyByteLevel().toString(),
                "--input", input.toString(), "--output", output.toString(), "--chat-template", "chatml", "--mode",
                "score-only", "--one-order", "--resume"));
        assertTrue(console.stderr().contains("pairwise orders: both"), console.stderr());
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
