package dev.gavel.judge;


import dev.gavel.AbsoluteRequest;
import dev.gavel.GavelVersion;
import dev.gavel.InputTooLongException;
import dev.gavel.InvalidOptionException;
import dev.gavel.JudgeException;
import dev.gavel.JudgeMode;
import dev.gavel.Judgment;
import dev.gavel.ModelProvenance;
import dev.gavel.PairwiseJudgment;
import dev.gavel.PairwiseRequest;
import dev.gavel.Provenance;
import dev.gavel.Rubric;
import dev.gavel.Sample;
import dev.gavel.StepJudgment;
import dev.gavel.StepRequest;
import dev.gavel.Winner;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Judge API on stories260K (a real trained model, so greedy results are stable). */
class JudgeTest {
    static final Rubric RUBRIC = Rubric.of("Is the story coherent and about the requested topic?",
            "The story is incoherent or off topic.", "The story is mostly incoherent.", "The story is partly coherent.",
            "The story is coherent with small lapses.", "The story is fully coherent and on topic.");
    static final String INSTRUCTION = "Write a short story about a dog.";
    static final List<String> RESPONSES = List.of(
            "Once upon a time there was a dog named Max. He liked to play in the park.",
            "The cat sat on the mat. It was sunny.",
            "Max the dog found a big red ball. He was very happy and played all day.",
            "Lily went to the shop.");

    private static Path model;
    private static Judge judge;

    static JudgeOptions.Builder small() {
        return JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(12).parallel(4).contextSize(4096);
    }

    static AbsoluteRequest request(String response) {
        return new AbsoluteRequest(INSTRUCTION, response, RUBRIC);
    }

    @BeforeAll
    static void open() throws Exception {
        model = SharedFixtures.model("stories260K.gguf");
        judge = Judge.open(model, small().build());
    }

    @AfterAll
    static void close() {
        if (judge != null) {
            judge.close();
        }
    }

    @Test
    void provenanceIsFilledAndTheDigestIsTheFilesDigest() throws Exception {
        String fresh = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));
        ModelProvenance m = judge.model();
        assertEquals(fresh, m.sha256());
        assertEquals(Files.size(model), m.fileSize());
        assertEquals("llama", m.architecture());
        assertNotNull(m.quantization());
        Judgment j = judge.grade(request(RESPONSES.get(0)));
        Provenance p = j.provenance();
        assertEquals(fresh, p.modelSha256());
        assertEquals(m.name(), p.modelName());
        assertEquals("llama", p.architecture());
        assertEquals(m.quantization(), p.quantization());
        assertEquals("prometheus2", p.formatId());
        assertEquals("chatml", p.chatTemplate());
        assertEquals(64, p.templateSha256().length());
        assertEquals("feedback-then-score", p.mode());
        assertEquals(1, p.samples());
        assertEquals(0f, p.temperature());
        assertEquals(0L, p.seed());
        assertEquals(GavelVersion.current(), p.gavelVersion());
    }

    @Test
    void theProvenanceOfATaskIsKnownBeforehandAndIsWhatItsJudgmentsCarry() throws Exception {
        assertEquals(judge.grade(request(RESPONSES.get(0))).provenance(),
                judge.provenance(dev.gavel.JudgeTask.ABSOLUTE));
        assertEquals(judge.compare(PairwiseRequest.of(INSTRUCTION, RESPONSES.get(0), RESPONSES.get(1), RUBRIC, null))
                .provenance(), judge.provenance(dev.gavel.JudgeTask.PAIRWISE));
        Provenance steps = judge.judgeSteps(new StepRequest("What is 2 + 2?", List.of("2 + 2 = 4.", "So 4.")))
                .provenance();
        assertEquals(steps, judge.provenance(dev.gavel.JudgeTask.STEPS));
        assertEquals("processbench-critique", steps.formatId());
        try (Judge scoreOnly = Judge.open(model, small().mode(JudgeMode.SCORE_ONLY).build())) {
            Provenance p = scoreOnly.grade(request(RESPONSES.get(1))).provenance();
            assertEquals(p, scoreOnly.provenance(dev.gavel.JudgeTask.ABSOLUTE));
            assertFalse(p.templateSha256().equals(judge.provenance(dev.gavel.JudgeTask.ABSOLUTE).templateSha256()),
                    "the score-only prompt is another template");
        }
    }

    @Test
    void judgmentIsWellFormed() throws Exception {
        Judgment j = judge.grade(request(RESPONSES.get(0)));
        assertTrue(j.score() >= 1 && j.score() <= 5);
        assertEquals(j.distribution().argmax(), Integer.toString(j.score()), "greedy: score is the argmax");
        assertEquals(j.distribution().expectedValue().orElseThrow(), j.expectedScore(), 1e-12);
        assertEquals(j.distribution().allowedMass(), j.formatAdherence(), 1e-12);
        assertEquals(j.samples().getFirst().feedback(), j.feedback());
        assertEquals(j.feedback().strip(), j.feedback());
        assertEquals(j.score(), j.majorityScore());
        assertEquals(j.score(), j.meanScore(), 0);
        assertEquals(1, j.tokens().requests());
        assertEquals(judge.promptTokens(request(RESPONSES.get(0))), j.tokens().prompt());
        assertTrue(j.tokens().generated() >= 2 && j.tokens().generated() <= 12 + 16, "generated " + j.tokens());
        assertFalse(j.elided());
        assertTrue(j.timings().total().toNanos() > 0);
    }

    @Test
    void gradeAllIsOrderedAndEqualsOneAtATime() throws Exception {
        List<AbsoluteRequest> requests = RESPONSES.stream().map(JudgeTest::request).toList();
        List<Judgment> batch = judge.gradeAll(requests);
        assertEquals(requests.size(), batch.size());
        for (int i = 0; i < requests.size(); i++) {
            Judgment one = judge.grade(requests.get(i));
            assertEquals(one.score(), batch.get(i).score(), "item " + i);
            assertEquals(one.feedback(), batch.get(i).feedback(), "item " + i);
            assertArrayEquals(one.distribution().optionMass(), batch.get(i).distribution().optionMass(), 1e-4, "item " + i);
        }
    }

    @Test
    void kSamplesCombineByMajorityAndMean() throws Exception {
        try (Judge k = Judge.open(model, small().samples(5).temperature(1.5f).seed(7).build())) {
            Judgment j = k.grade(request(RESPONSES.get(2)));
            assertEquals(5, j.samples().size());
            assertEquals(List.of(7L, 8L, 9L, 10L, 11L), j.samples().stream().map(Sample::seed).toList());
            assertEquals(SampleAggregation.majority(j.samples()), j.score());
            assertEquals(j.majorityScore(), j.score());
            assertEquals(j.samples().stream().mapToInt(Sample::score).average().orElseThrow(), j.meanScore(), 1e-12);
            long votes = j.samples().stream().filter(s -> s.score() == j.score()).count();
            for (int s = 1; s <= 5; s++) {
                int score = s;
                assertTrue(j.samples().stream().filter(x -> x.score() == score).count() <= votes);
            }
            for (int i = 0; i < 5; i++) {
                int opt = i;
                double mean = j.samples().stream().mapToDouble(x -> x.distribution().mass(opt)).average().orElseThrow();
                assertEquals(mean, j.distribution().mass(i), 1e-12);
            }
            assertEquals(5, j.tokens().requests());
            assertTrue(j.tokens().reused() > 0, "samples share the prompt prefix: " + j.tokens());
            assertEquals(5, j.provenance().samples());
            assertEquals(1.5f, j.provenance().temperature());
            // Different seeds sample different feedback; a fresh judge with the same options
            // reproduces it exactly. (A second grade on the same judge starts from the cached
            // prompt: other batch shapes, whose float rounding may tip a sampled token.)
            assertTrue(j.samples().stream().map(Sample::feedback).distinct().count() > 1);
            try (Judge fresh = Judge.open(model, small().samples(5).temperature(1.5f).seed(7).build())) {
                Judgment again = fresh.grade(request(RESPONSES.get(2)));
                assertEquals(j.samples().stream().map(Sample::feedback).toList(),
                        again.samples().stream().map(Sample::feedback).toList());
                assertEquals(j.score(), again.score());
            }
        }
    }

    @Test
    void engineSettingsLeftAutomaticFollowTheHardware() {
        dev.gavel.engine.Tuning.Hardware cpu = new dev.gavel.engine.Tuning.Hardware(2, false);
        dev.gavel.engine.Tuning.Hardware gpu = new dev.gavel.engine.Tuning.Hardware(16, true);
        // with one KV stream per sequence a CPU decodes 8 together too, with flash attention
        assertEquals(new dev.gavel.EngineSettings(8, 2, 512, true, false),
                JudgeOptions.defaults().engineSettings(cpu));
        assertEquals(new dev.gavel.EngineSettings(8, 16, 512, true, true),
                JudgeOptions.defaults().engineSettings(gpu));
        // what the user sets is kept, and the automatic rest follows it
        assertEquals(new dev.gavel.EngineSettings(1, 2, 512, true, false),
                JudgeOptions.builder().parallel(1).build().engineSettings(cpu), "AUTO flash attention at 1");
        assertEquals(new dev.gavel.EngineSettings(8, 1, 128, false, false), JudgeOptions.builder().parallel(8)
                .threads(1).flashAttention(JudgeOptions.FlashAttention.OFF).build().engineSettings(cpu));
        assertEquals(256, JudgeOptions.builder().batchSize(256).build().engineSettings(gpu).batchSize(),
                "an explicit size wins");
        assertEquals(512, JudgeOptions.builder().parallel(1).build().engineSettings(gpu).batchSize(), "GPU batches");
        assertThrows(IllegalArgumentException.class, () -> JudgeOptions.builder().batchSize(-1).build());
        // heads narrower than 64: no flash attention on a CPU unless asked for, on a GPU as before
        assertEquals(new dev.gavel.EngineSettings(8, 2, 128, false, false), JudgeOptions.defaults().engineSettings(cpu, 8));
        assertEquals(new dev.gavel.EngineSettings(8, 2, 128, false, false), JudgeOptions.defaults().engineSettings(cpu, 32));
        assertEquals(new dev.gavel.EngineSettings(8, 2, 512, true, false), JudgeOptions.defaults().engineSettings(cpu, 64));
        assertEquals(new dev.gavel.EngineSettings(8, 2, 512, true, false), JudgeOptions.defaults().engineSettings(cpu, 128));
        assertEquals(new dev.gavel.EngineSettings(8, 16, 512, true, true), JudgeOptions.defaults().engineSettings(gpu, 8));
        assertEquals(new dev.gavel.EngineSettings(8, 2, 512, true, false), JudgeOptions.builder()
                .flashAttention(JudgeOptions.FlashAttention.ON).build().engineSettings(cpu, 8), "asked for, kept");
    }

    @Test
    void twoEnginesJudgeAsOneDoes() throws Exception {
        List<AbsoluteRequest> requests = RESPONSES.stream().map(JudgeTest::request).toList();
        List<Judgment> one = judge.gradeAll(requests);
        try (Judge two = Judge.open(model, small().engines(2).threads(2).build())) {
            List<Judgment> split = two.gradeAll(requests);
            for (int i = 0; i < requests.size(); i++) {
                assertEquals(one.get(i).score(), split.get(i).score(), "score of " + i);
                assertEquals(one.get(i).feedback(), split.get(i).feedback(), "feedback of " + i);
            }
            assertEquals(one.get(0).provenance(), split.get(0).provenance(), "the engines are not part of the provenance");
            assertEquals(requests.size(), two.metrics().completed());
            assertEquals(2, two.engineSettings().engines());
            assertEquals(1, judge.engineSettings().engines());
            // Each engine's loop records its occupancy after the step that completed the request.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!two.occupancy().isIdle() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(two.occupancy().isIdle(), two.occupancy().toString());
        }
        InvalidOptionException zero = assertThrows(InvalidOptionException.class, () -> small().engines(0).build());
        assertEquals("engines", zero.option());
        assertThrows(InvalidOptionException.class, () -> small().engines(3).threads(2).build(), "a thread each at least");
    }

    @Test
    void theJudgeRunsWithTheSettingsResolvedForThisMachine() {
        dev.gavel.EngineSettings s = judge.engineSettings();
        assertEquals(4, s.parallel(), "set by the options");
        assertEquals(Runtime.getRuntime().availableProcessors(), s.threads(), "automatic: every processor");
        assertEquals(judge.options().engineSettings(new dev.gavel.engine.Tuning.Hardware(
                Runtime.getRuntime().availableProcessors(), false), 8), s);
        assertFalse(s.flashAttention(), "stories260K's heads are 8 wide: automatic flash attention is off on a CPU");
    }

    @Test
    void samplingNeedsTemperature() {
        assertThrows(IllegalArgumentException.class, () -> JudgeOptions.builder().samples(3).temperature(0f).build());
        JudgeOptions defaults = JudgeOptions.builder().samples(3).build();
        assertTrue(defaults.temperature() > 0);
    }

    @Test
    void scoreOnlyReadsTheScoreAtTheFirstPosition() throws Exception {
        try (Judge fast = Judge.open(model, small().mode(JudgeMode.SCORE_ONLY).build())) {
            Judgment j = fast.grade(request(RESPONSES.get(0)));
            assertEquals("", j.feedback());
            assertTrue(j.tokens().generated() <= 2, "only the score is generated: " + j.tokens());
            assertEquals(j.distribution().argmax(), Integer.toString(j.score()));
            assertEquals("score-only", j.provenance().mode());
        }
    }

    @Test
    void pairwiseInBothOrders() throws Exception {
        PairwiseRequest r = PairwiseRequest.of(INSTRUCTION, RESPONSES.get(0), RESPONSES.get(1), RUBRIC, null);
        PairwiseJudgment j = judge.compare(r);
        assertNotNull(j.reversed());
        assertFalse(j.forward().swapped());
        assertTrue(j.reversed().swapped());
        assertEquals((j.forward().probabilityA() + j.reversed().probabilityA()) / 2, j.probabilityA(), 1e-12);
        assertEquals(j.forward().winner() == j.reversed().winner(), j.consistent());
        assertEquals(j.probabilityA() > 0.5 ? Winner.A : j.probabilityA() < 0.5 ? Winner.B : j.forward().winner(), j.winner());
        assertEquals(List.of("A", "B"), j.forward().distribution().options());
        assertEquals(2, j.tokens().requests());
        assertEquals(j.forward().feedback(), j.feedback());
        // The reversed order of (A, B) is the forward order of (B, A): the verdicts mirror exactly.
        PairwiseJudgment swapped = judge.compare(r.swapped());
        assertEquals(1 - j.probabilityA(), swapped.probabilityA(), 1e-3);
        assertEquals(j.consistent(), swapped.consistent());
        if (j.winner() != Winner.TIE && Math.abs(j.probabilityA() - 0.5) > 1e-2) {
            assertEquals(j.winner() == Winner.A ? Winner.B : Winner.A, swapped.winner());
        }
        List<PairwiseJudgment> all = judge.compareAll(List.of(r, r.swapped()));
        assertEquals(j.probabilityA(), all.get(0).probabilityA(), 1e-3);
        assertEquals(swapped.probabilityA(), all.get(1).probabilityA(), 1e-3);
    }

    @Test
    void pairwiseOneOrderAndTies() throws Exception {
        PairwiseRequest r = PairwiseRequest.of(INSTRUCTION, RESPONSES.get(2), RESPONSES.get(3), RUBRIC, null);
        try (Judge one = Judge.open(model, small().pairwiseBothOrders(false).build())) {
            PairwiseJudgment j = one.compare(r);
            assertNull(j.reversed());
            assertTrue(j.consistent());
            assertEquals(j.forward().probabilityA(), j.probabilityA(), 0);
            assertEquals(j.forward().winner(), j.winner());
            assertEquals(1, j.tokens().requests());
        }
        try (Judge ties = Judge.open(model, small().allowTies(true).build())) {
            for (PairwiseRequest q : List.of(r, r.swapped(),
                    PairwiseRequest.of(INSTRUCTION, RESPONSES.get(0), RESPONSES.get(0), RUBRIC, null))) {
                PairwiseJudgment j = ties.compare(q);
                boolean tie = !j.consistent() || Math.abs(j.probabilityA() - 0.5) < Judge.TIE_MARGIN;
                assertEquals(tie, j.winner() == Winner.TIE, j.toString());
            }
        }
    }

    @Test
    void stepJudging() throws Exception {
        StepRequest r = new StepRequest("Tom has 3 apples and gets 2 more. How many apples does he have?",
                List.of("Tom starts with 3 apples.", "He gets 2 more, so 3 + 2 = 6.", "The answer is 6."));
        StepJudgment j = judge.judgeSteps(r);
        assertEquals(List.of("-1", "0", "1", "2"), j.distribution().options());
        assertTrue(j.firstWrongStep() >= -1 && j.firstWrongStep() <= 2);
        assertEquals(j.distribution().argmax(), Integer.toString(j.firstWrongStep()));
        assertEquals("processbench-critique", j.provenance().formatId());
        assertNotNull(j.feedback());
    }

    @Test
    void longInputFailsClearlyByDefault() throws Exception {
        AbsoluteRequest longOne = request("The dog ran to the park and played with a ball. ".repeat(200));
        try (Judge small = Judge.open(model, small().contextSize(2048).build())) {
            InputTooLongException e = assertThrows(InputTooLongException.class, () -> small.grade(longOne));
            assertTrue(e.excess() > 0);
            assertEquals(2048, e.contextSize());
            assertTrue(e.getMessage().contains("ELIDE_RESPONSE_MIDDLE"), e.getMessage());
            CompletionException async = assertThrows(CompletionException.class, () -> small.gradeAsync(longOne).join());
            assertInstanceOf(InputTooLongException.class, async.getCause());
            assertTrue(small.promptTokens(longOne) > 2048);
        }
    }

    @Test
    void longInputElidesTheResponseMiddleOnly() throws Exception {
        String response = "BEGINNING of the story. " + "The dog ran to the park and played with a ball. ".repeat(200)
                + "END of the story.";
        AbsoluteRequest longOne = new AbsoluteRequest(INSTRUCTION, response, RUBRIC, "A dog story with a happy end.");
        try (Judge small = Judge.open(model, small().contextSize(2048)
                .longInput(JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE).build())) {
            JudgePrompt p = small.prompt(longOne);
            assertTrue(p.elided());
            assertTrue(p.tokens().length + p.answerTokens() <= 2048, "fits: " + p.tokens().length);
            assertTrue(p.tokens().length + p.answerTokens() > 2048 - 64, "cuts no more than needed: " + p.tokens().length);
            String text = p.text();
            assertTrue(text.matches("(?s).*\\n\\[\\.\\.\\. \\d+ tokens elided by Gavel \\.\\.\\.]\\n.*"), "marker present");
            assertTrue(text.contains("BEGINNING of the story."));
            assertTrue(text.contains("END of the story."));
            assertTrue(text.contains(INSTRUCTION));
            assertTrue(text.contains("A dog story with a happy end."));
            assertTrue(text.contains(RUBRIC.criterion()));
            RUBRIC.descriptions().forEach(d -> assertTrue(text.contains(d)));
            Judgment j = small.grade(longOne);
            assertTrue(j.elided());
            assertTrue(j.score() >= 1 && j.score() <= 5);
            assertEquals(p.tokens().length, small.promptTokens(longOne));
            assertFalse(small.grade(request(RESPONSES.get(0))).elided());
        }
    }

    @Test
    void closedJudgeRejectsCalls() throws Exception {
        Judge j = Judge.open(model, small().build());
        j.close();
        j.close(); // idempotent
        assertTrue(j.isClosed());
        assertThrows(IllegalStateException.class, () -> j.grade(request(RESPONSES.get(0))));
        assertThrows(IllegalStateException.class, () -> j.gradeAsync(request(RESPONSES.get(0))));
        assertThrows(IllegalStateException.class, () -> j.compare(PairwiseRequest.of(INSTRUCTION, "a", "b", RUBRIC, null)));
        assertThrows(IllegalStateException.class, () -> j.judgeSteps(new StepRequest("p", List.of("s"))));
        assertThrows(IllegalStateException.class, () -> j.promptTokens(request(RESPONSES.get(0))));
        assertNotNull(j.metrics());
    }

    @Test
    void concurrentCloseLetsAdmittedCallsFinishAndFailsTheRestClearly() throws Exception {
        Judge j = Judge.open(model, small().parallel(2).build());
        List<CompletableFuture<Judgment>> futures = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            futures.add(j.gradeAsync(request(RESPONSES.get(i % RESPONSES.size()) + " " + i)));
        }
        futures.getFirst().get(60, TimeUnit.SECONDS); // the first is done: the rest are in flight or queued
        Thread closer = Thread.ofPlatform().start(j::close);
        int done = 0;
        int rejected = 0;
        for (CompletableFuture<Judgment> f : futures) {
            try {
                Judgment r = f.get(60, TimeUnit.SECONDS);
                assertTrue(r.score() >= 1 && r.score() <= 5);
                done++;
            } catch (java.util.concurrent.ExecutionException e) {
                JudgeException closedFirst = assertInstanceOf(JudgeException.class, e.getCause());
                assertEquals(JudgeException.Reason.CLOSED, closedFirst.reason(), closedFirst.toString());
                assertFalse(closedFirst.reason().isRequestFailure(), "a closed judge is not the item's fault");
                rejected++;
            }
        }
        closer.join();
        assertEquals(24, done + rejected);
        assertTrue(done >= 1);
        assertTrue(j.isClosed());
        assertThrows(IllegalStateException.class, () -> j.gradeAsync(request("late")));
    }

    @Test
    void digestIsCachedByPathSizeAndTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.bin");
        Files.writeString(file, "model bytes");
        Path cache = dir.resolve("cache");
        String sha = ModelDigest.sha256(file, cache);
        assertEquals(ModelDigest.computeSha256(file), sha);
        Path entry;
        try (var s = Files.list(cache.resolve("sha256"))) {
            entry = s.findFirst().orElseThrow();
        }
        // A planted entry is served, which proves the cache is read instead of re-hashing.
        Files.writeString(entry, "0".repeat(64));
        assertEquals("0".repeat(64), ModelDigest.sha256(file, cache));
        // A changed file (size and time) gets a new key and its true digest.
        Files.writeString(file, "other model bytes");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertEquals(ModelDigest.computeSha256(file), ModelDigest.sha256(file, cache));
    }
}
