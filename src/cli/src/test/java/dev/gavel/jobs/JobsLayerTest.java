package dev.gavel.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeException;
import dev.gavel.JudgeTask;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import dev.gavel.data.DatasetPreset;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input mapping, resumable output and the runner, without a model (a fake judging function). */
class JobsLayerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUBRIC = "{\"criteria\":\"Correct?\",\"score1_description\":\"no\","
            + "\"score2_description\":\"partly\",\"score3_description\":\"yes\"}";

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void plainRecordsMapFieldsRubricAndReferenceAndReportBadLines() throws Exception {
        Path in = file("in.jsonl", String.join("\n",
                "{\"id\":\"a\",\"instruction\":\"Q1\",\"response\":\"R1\",\"reference_answer\":\"ref\",\"rubric\":" + RUBRIC + "}",
                "{\"id\":\"b\",\"instruction\":\"Q2\",\"response\":\"R2\",\"criteria\":\"C\",\"score1_description\":\"x\",\"score2_description\":\"y\"}",
                "{not json",
                "",
                "{\"id\":\"d\",\"instruction\":\"Q4\",\"rubric\":" + RUBRIC + "}",
                "{\"id\":\"a\",\"instruction\":\"Q5\",\"response\":\"R5\",\"rubric\":" + RUBRIC + "}",
                "{\"instruction\":\"Q6\",\"response\":\"R6\"}"));
        List<InputItem<AbsoluteRequest>> items = new InputReader(DatasetPreset.PROMETHEUS.fields()).absolute(in, null);
        assertEquals(6, items.size());
        AbsoluteRequest a = items.get(0).request();
        assertEquals("Q1", a.instruction());
        assertEquals("ref", a.referenceAnswer());
        assertEquals(3, a.rubric().max());
        assertEquals("C", items.get(1).request().rubric().criterion());
        assertNull(items.get(1).request().referenceAnswer());

        InputItem<AbsoluteRequest> bad = items.get(2);
        assertFalse(bad.isOk());
        assertNull(bad.id());
        assertEquals("line 3", bad.where());
        assertTrue(bad.error().contains("not valid JSON"), bad.error());

        InputItem<AbsoluteRequest> missing = items.get(3);
        assertEquals("d", missing.id());
        assertEquals("line 5", missing.where());
        assertTrue(missing.error().contains("missing field 'response'"), missing.error());

        InputItem<AbsoluteRequest> dup = items.get(4);
        assertTrue(dup.duplicate());
        assertTrue(dup.error().contains("duplicate id 'a'") && dup.error().contains("line 1"), dup.error());
        assertEquals("@line 6", dup.resumeKey());

        InputItem<AbsoluteRequest> noRubric = items.get(5);
        assertEquals("5", noRubric.id(), "a record without id is numbered by position");
        assertTrue(noRubric.error().contains("--rubric"), noRubric.error());
    }

    @Test
    void globalRubricFileAppliesToEveryRecord() throws Exception {
        Rubric r = RubricJson.read(file("r.json", RUBRIC));
        Path in = file("in.jsonl", "{\"id\":\"x\",\"instruction\":\"Q\",\"response\":\"\"}\n");
        List<InputItem<AbsoluteRequest>> items = new InputReader(DatasetPreset.PROMETHEUS.fields()).absolute(in, r);
        assertEquals(r, items.get(0).request().rubric());
        assertEquals("", items.get(0).request().response(), "an empty response is gradable");
        assertThrows(IllegalArgumentException.class, () -> RubricJson.parse(JSON.readTree("{\"criteria\":\"c\"}")));
        assertEquals(List.of("0", "1"), RubricJson.parse(JSON.readTree(
                "{\"criterion\":\"c\",\"min\":0,\"descriptions\":[\"fail\",\"pass\"]}")).options());
    }

    @Test
    void prometheusBenchmarkPromptsAreSplitAndNumberedByIndex() throws Exception {
        Path vicuna = SharedFixtures.data("prometheus_vicuna_eval.json");
        List<InputItem<AbsoluteRequest>> items = new InputReader(DatasetPreset.PROMETHEUS.fields()).absolute(vicuna, null);
        assertEquals(320, items.size());
        assertTrue(items.stream().allMatch(InputItem::isOk));
        assertEquals("0", items.get(0).id());
        assertEquals("319", items.get(319).id());
        assertTrue(items.get(7).request().reference().isPresent());
        assertEquals(5, items.get(7).request().rubric().max());
    }

    @Test
    void pairwisePresetsReadTheirLayouts() throws Exception {
        Path llmbar = SharedFixtures.data("llmbar_natural.json");
        List<InputItem<PairwiseRequest>> l = new InputReader(DatasetPreset.LLMBAR.fields()).pairwise(llmbar, null);
        assertEquals(100, l.size());
        assertTrue(l.stream().allMatch(InputItem::isOk));
        assertEquals(InputReader.DEFAULT_CRITERION, l.get(0).request().criterion());
        Path panda = SharedFixtures.data("pandalm_testset_v1.json");
        List<InputItem<PairwiseRequest>> p = new InputReader(DatasetPreset.PANDALM.fields()).pairwise(panda, "Better?");
        assertEquals(999, p.size());
        assertTrue(p.stream().allMatch(InputItem::isOk));
        assertEquals("Better?", p.get(0).request().criterion());
        assertThrows(IllegalArgumentException.class, () -> DatasetPreset.named("llmbar", JudgeTask.ABSOLUTE));
    }

    @Test
    void resumeCutsAHalfWrittenLastLineAndKeysRecords() throws Exception {
        Path out = file("out.jsonl", "{\"id\":\"a\",\"score\":3}\n{\"id\":null,\"line\":4,\"error\":\"bad\"}\n"
                + "{\"id\":\"a\",\"line\":9,\"duplicate\":true,\"error\":\"dup\"}\n{\"id\":\"b\",\"sco");
        ResumableOutput.Opened o = ResumableOutput.open(out, ResumableOutput.Mode.RESUME, false, false);
        o.writer().write((ObjectNode) JSON.readTree("{\"id\":\"c\",\"score\":1}"));
        o.writer().close();
        assertEquals(Set.of("id:a", "@line 4", "@line 9"), o.state().done());
        assertEquals(3, o.state().records());
        assertEquals(2, o.state().errorRecords());
        assertEquals("{\"id\":\"b\",\"sco".length(), o.state().truncatedBytes());
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size());
        assertEquals("{\"id\":\"c\",\"score\":1}", lines.get(3));
    }

    @Test
    void retryErrorsDropsErrorRecordsAndForeignLinesAreRefused() throws Exception {
        Path out = file("out.jsonl", "{\"id\":\"a\",\"score\":3}\n{\"id\":\"b\",\"line\":2,\"error\":\"too long\"}\n");
        ResumableOutput.Opened o = ResumableOutput.open(out, ResumableOutput.Mode.RESUME, true, false);
        o.writer().close();
        assertEquals(Set.of("id:a"), o.state().done());
        assertEquals(1, o.state().droppedErrors());
        assertEquals(List.of("{\"id\":\"a\",\"score\":3}"), Files.readAllLines(out));

        OutputException existing = assertThrows(OutputException.class,
                () -> ResumableOutput.open(out, ResumableOutput.Mode.NEW, false, false));
        assertTrue(existing.getMessage().contains("--resume"), existing.getMessage());

        Path foreign = file("foreign.jsonl", "hello\n{\"id\":\"a\"}\n");
        OutputException e = assertThrows(OutputException.class,
                () -> ResumableOutput.open(foreign, ResumableOutput.Mode.RESUME, false, false));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void runnerWritesEveryItemOnceWhateverTheCompletionOrder() throws Exception {
        List<InputItem<String>> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(InputItem.ok("i" + i, "line " + (i + 1), "req" + i));
        }
        items.add(InputItem.failed(null, "line 51", "not valid JSON"));
        items.add(InputItem.ok("fail", "line 52", "boom"));
        ScheduledExecutorService delays = Executors.newScheduledThreadPool(4);
        JobRunner.Judging<String> judging = req -> {
            CompletableFuture<ObjectNode> f = new CompletableFuture<>();
            long delay = (req.hashCode() & 0x7) * 3L;
            delays.schedule(() -> {
                if (req.equals("boom")) {
                    f.completeExceptionally(new JudgeException(JudgeException.Reason.NON_FINITE_LOGITS,
                            "the model's logits were not finite at the score position"));
                } else {
                    ObjectNode n = JSON.createObjectNode();
                    n.put("score", req.length() % 5 + 1);
                    f.complete(n);
                }
            }, delay, TimeUnit.MILLISECONDS);
            return f;
        };
        Path out = tmp.resolve("run.jsonl");
        ResumableOutput.Opened o = ResumableOutput.open(out, ResumableOutput.Mode.NEW, false, false);
        RunSummary summary = new RunSummary("grade");
        JobRunner.Outcome outcome = new JobRunner<>(judging, o.writer(), Progress.none(), summary, 8)
                .run(items, Set.of("id:i0", "id:i1"));
        o.writer().close();
        delays.shutdown();
        assertEquals(JobRunner.Outcome.COMPLETED, outcome);
        Map<String, JsonNode> byKey = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            assertNull(byKey.put(OutputKeys.keyOf(n), n), "one record per item: " + line);
        }
        assertEquals(50, byKey.size(), "48 judged + 1 bad line + 1 failed judgment; 2 skipped");
        assertEquals(51, byKey.get("@line 51").get("line").asInt());
        assertEquals("judge", byKey.get("id:fail").get("error_type").asText());
        assertEquals(48, summary.ok());
        assertEquals(2, summary.errors());
        assertEquals(2, summary.skippedCount());
        assertTrue(summary.render().contains("scores"), summary.render());
    }

    @Test
    void consoleProgressShowsDoneTotalAndFailures() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (Progress p = Progress.console(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8), "grade", 3)) {
            p.step(false);
            p.step(true);
            p.step(false);
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("grade") && shown.contains("3/3") && shown.contains("1 failed"), shown);
    }

    @Test
    void aBrokenJudgeStopsTheRunWithoutWritingRecordsForItsItems() throws Exception {
        List<InputItem<String>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(InputItem.ok("i" + i, "line " + (i + 1), "req" + i));
        }
        JobRunner.Judging<String> judging = req -> req.equals("req5")
                ? CompletableFuture.failedFuture(new IllegalStateException("engine is closed"))
                : CompletableFuture.completedFuture(JSON.createObjectNode().put("score", 1));
        Path out = tmp.resolve("broken.jsonl");
        ResumableOutput.Opened o = ResumableOutput.open(out, ResumableOutput.Mode.NEW, false, false);
        JobRunner<String> runner = new JobRunner<>(judging, o.writer(), Progress.none(), new RunSummary("grade"), 1);
        assertEquals(JobRunner.Outcome.JUDGE_FAILED, runner.run(items, Set.of()));
        o.writer().close();
        assertEquals("engine is closed", runner.judgeFailure().getMessage());
        List<String> lines = Files.readAllLines(out);
        assertEquals(5, lines.size(), "items before the failure only");
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"i5\"")));
    }
}
