package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gavel plan} on the Prometheus Vicuna set with SmolLM2's tokenizer.json. */
class PlanCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new PlanCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private String[] base(String... more) {
        String[] head = {"--input", SharedFixtures.data("prometheus_vicuna_eval.json").toString(), "--preset", "prometheus",
                "--tokenizer", SharedFixtures.tokenizer("smollm2-135m/tokenizer.json").toString()};
        String[] all = new String[head.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return all;
    }

    @Test
    void jsonPlanWithContextAndEstimate() throws Exception {
        assertEquals(0, run(base("--context", "1280", "--feedback-tokens", "256", "--prompt-tokens-per-s", "1000",
                "--generated-tokens-per-s", "20", "--json")), err.toString());
        JsonNode o = new ObjectMapper().readTree(out.toString());
        assertEquals(320, o.get("items").asInt());
        long perItemSum = 0;
        for (JsonNode item : o.get("perItem")) {
            perItemSum += item.get("promptTokens").asLong();
        }
        // PlanMatchesEngineTest checks these counts against the engine's own counters.
        assertEquals(perItemSum, o.get("promptTokens").asLong(), "the total is the sum of the items");
        assertTrue(o.get("promptTokens").asLong() > 320 * 500, "Vicuna prompts are long");
        int perItem = o.get("perItem").get(0).get("answerTokens").asInt();
        assertTrue(perItem > 256, "the feedback budget plus the marker and the score, as grade reserves: " + perItem);
        assertEquals(320L * perItem, o.get("answerTokens").asLong());
        assertEquals(o.get("promptTokens").asLong() - o.get("uniquePromptTokens").asLong(), o.get("savedByPrefixSharing").asLong());
        assertTrue(o.get("tooLong").size() > 0, "some Vicuna prompts exceed 1280 - 256 tokens");
        double with = o.get("estimatedSecondsWithPrefixCache").asDouble();
        assertEquals(o.get("uniquePromptTokens").asLong() / 1000.0 + 320.0 * perItem / 20.0, with, 0.01);
        assertEquals(320, o.get("perItem").size());
        assertEquals("0", o.get("perItem").get(0).get("id").asText(), "ids as grade gives them: the record index");
    }

    @Test
    void readsWhatGradeReadsWithGradesDefaultBudget() throws Exception {
        // the README's example file is JSON Lines, as grade accepts it
        assertEquals(0, run("--input", "docs/examples/items.jsonl", "--preset", "prometheus", "--tokenizer",
                SharedFixtures.tokenizer("smollm2-135m/tokenizer.json").toString(), "--json"), err.toString());
        JsonNode o = new ObjectMapper().readTree(out.toString());
        assertEquals(4, o.get("items").asInt());
        assertEquals("water-boil", o.get("perItem").get(0).get("id").asText());
        int perItem = o.get("perItem").get(0).get("answerTokens").asInt();
        assertTrue(perItem > dev.gavel.judge.JudgeOptions.defaults().feedbackTokens(), "feedback, marker and score");
        assertEquals(4L * perItem, o.get("answerTokens").asLong(), "the answer budget of a default grade run");
    }

    @Test
    void theCommandPrintsNoTokenizerLibraryChatter() throws Exception {
        // a fresh JVM, as a user runs it: DJL's loggers are created there for the first time
        String launcher = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(launcher, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), GavelCli.class.getName(), "plan", "--input",
                "docs/examples/items.jsonl", "--preset", "prometheus", "--tokenizer",
                SharedFixtures.tokenizer("smollm2-135m/tokenizer.json").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("4 items"), output);
        assertTrue(!output.contains("GPU") && !output.contains("ai.djl"), "no DJL log lines: " + output);
    }

    @Test
    void textPlan() {
        assertEquals(0, run(base("--context", "4096", "--chat-template", "mistral", "--bos", "<|endoftext|>")), err.toString());
        String s = out.toString();
        assertTrue(s.contains("320 items, format prometheus2, chat template mistral"), s);
        assertTrue(s.contains("prefix sharing:"), s);
        assertTrue(s.contains("context 4,096: 0 item(s) do not fit"), s);
    }

    @Test
    void theBosDefaultsToWhatTheTokenizerConfigSays(@TempDir Path dir) throws Exception {
        Path tokenizer = Files.copy(SharedFixtures.tokenizer("smollm2-135m/tokenizer.json"), dir.resolve("tokenizer.json"));
        String[] args = {"--input", "docs/examples/items.jsonl", "--preset", "prometheus", "--tokenizer",
                tokenizer.toString(), "--json"};
        assertEquals(0, run(args), err.toString());
        long without = new ObjectMapper().readTree(out.toString()).get("promptTokens").asLong();
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"add_bos_token\": true, \"bos_token\": {\"content\": \"<|endoftext|>\"}}");
        out.getBuffer().setLength(0);
        assertEquals(0, run(args), err.toString());
        JsonNode with = new ObjectMapper().readTree(out.toString());
        assertEquals(without + 4, with.get("promptTokens").asLong(), "one BOS in front of each of the 4 prompts");
    }

    @Test
    void errorsAreClear() {
        assertEquals(2, run(base("--prompt-tokens-per-s", "100")));
        assertTrue(err.toString().contains("go together"), err.toString());
        assertEquals(2, run(base("--chat-template", "nope")));
        assertEquals(3, run(base("--bos", "<s>")));
        assertTrue(err.toString().contains("declares no special token <s>"), err.toString());
        assertEquals(2, new CommandLine(new PlanCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--input", "x.json", "--preset", "pandalm", "--tokenizer", "t.json"));
    }
}
