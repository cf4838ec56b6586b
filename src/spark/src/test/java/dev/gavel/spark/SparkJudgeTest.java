package dev.gavel.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.Rubric;
import dev.gavel.data.DatasetPreset;
import dev.gavel.cli.GavelCli;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grading through Spark in local mode with the real engine and the stories260K fixture: many rows,
 * bad rows, the CLI's records, a task failing mid-partition and a judge breaking mid-task.
 * {@code local[2,2]}: two tasks at once share the executor's judge, and a failed task is tried twice.
 */
class SparkJudgeTest {
    private static SparkSession spark;
    private static final SparkTests.TaskEnds TASKS = new SparkTests.TaskEnds();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("local[2,2]", Map.of());
        spark.sparkContext().addSparkListener(TASKS);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        assertEquals(0, ExecutorJudges.get().open(), "stopping the session closes the executor's judges (GavelPlugin)");
    }

    @BeforeEach
    void resetCounts() {
        drainEvents();
        TASKS.reset();
    }

    private static void drainEvents() {
        SparkTests.drainEvents(spark);
    }

    private Dataset<Row> read(List<String> lines, int partitions) {
        Path file = SparkTests.write(tmp.resolve("in-" + System.nanoTime() + ".jsonl"), lines);
        Dataset<Row> in = spark.read().json(file.toString());
        return partitions > 0 ? in.repartition(partitions) : in;
    }

    @Test
    void gradesThreeHundredRowsIntoOneResultRowEachWithOneJudgeForAllTasks() {
        int opened = ExecutorJudges.get().opened();
        Dataset<Row> in = read(SparkTests.items(300), 4);
        assertEquals(4, in.rdd().getNumPartitions());
        SparkJudge judge = SparkJudge.builder(ModelSource.shipped(SparkTests.model()))
                .options(SparkTests.options().build()).build();

        Map<String, ObjectNode> rows = SparkTests.byId(judge.grade(in));

        assertEquals(300, rows.size());
        String sha = SparkTests.sha256(SparkTests.model());
        for (int i = 0; i < 300; i++) {
            ObjectNode r = rows.get("q" + i);
            assertNotNull(r, "q" + i);
            assertNull(r.get("error"), r.toString());
            int score = r.get("score").asInt();
            assertTrue(score >= 1 && score <= 3, r.toString());
            JsonNode d = r.get("distribution");
            assertEquals(Set.of("1", "2", "3"), fieldNames(d));
            double sum = d.get("1").asDouble() + d.get("2").asDouble() + d.get("3").asDouble();
            assertEquals(1.0, sum, 1e-9, r.toString());
            assertEquals(sha, r.get("model_sha256").asText());
            assertEquals("spark-test-short", r.get("provenance").get("format").asText());
            assertEquals(64, r.get("provenance").get("template_sha256").asText().length());
            assertTrue(r.get("tokens").get("prompt").asInt() > 0, r.toString());
        }
        assertEquals(opened + 1, ExecutorJudges.get().opened(), "the four tasks share one judge, opened once");
        assertEquals(0, ExecutorJudges.get().leases(), "every task released the judge");
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void badRowsBecomeErrorRowsAndNoTaskFails() {
        String longResponse = "word ".repeat(3000);
        List<String> lines = new ArrayList<>(SparkTests.items(6));
        lines.add("{\"id\":\"no-response\",\"instruction\":\"2+2?\",\"rubric\":" + SparkTests.RUBRIC + "}");
        lines.add("{\"id\":\"broken\",\"instruction\":\"2+2?\",");
        lines.add("{\"id\":\"q1\",\"instruction\":\"again\",\"response\":\"x\",\"rubric\":" + SparkTests.RUBRIC + "}");
        lines.add("{\"id\":\"  \",\"instruction\":\"2+2?\",\"response\":\"4\",\"rubric\":" + SparkTests.RUBRIC + "}");
        lines.add("{\"id\":\"too-long\",\"instruction\":\"2+2?\",\"response\":\"" + longResponse + "\",\"rubric\":"
                + SparkTests.RUBRIC + "}");
        lines.add("{\"id\":\"no-rubric\",\"instruction\":\"2+2?\",\"response\":\"4\"}");
        Dataset<Row> in = read(lines, 0);
        SparkJudge judge = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .options(SparkTests.options().build()).build();
        drainEvents();
        TASKS.reset();

        List<ObjectNode> rows = judge.grade(in).toJSON().collectAsList().stream().map(SparkTests::parse).toList();

        assertEquals(lines.size(), rows.size(), "one row per input row");
        Map<String, List<ObjectNode>> byId = rows.stream().collect(Collectors.groupingBy(r -> r.path("id").asText("<null>")));
        assertEquals("input", single(byId, "no-response").get("error_type").asText());
        assertTrue(single(byId, "no-response").get("error").asText().contains("missing field 'response'"));
        Map<Integer, ObjectNode> noId = byId.get("<null>").stream().collect(Collectors.toMap(r -> r.get("row").asInt(), r -> r));
        assertEquals(Set.of(7, 9), noId.keySet(), "the unparsable row and the blank id have no id");
        assertTrue(noId.get(7).get("error").asText().startsWith("not valid JSON"), noId.get(7).toString());
        assertTrue(noId.get(9).get("error").asText().contains("blank"), noId.get(9).toString());
        noId.values().forEach(r -> assertEquals("input", r.get("error_type").asText()));
        List<ObjectNode> q1 = byId.get("q1");
        assertEquals(2, q1.size());
        assertEquals(1, q1.stream().filter(r -> r.has("score")).count(), "the first q1 is graded");
        ObjectNode dup = q1.stream().filter(r -> r.path("duplicate").asBoolean()).findFirst().orElseThrow();
        assertEquals(8, dup.get("row").asInt(), "the row index of the repeated id");
        assertTrue(dup.get("error").asText().contains("first used at row 1"), dup.toString());
        assertEquals("input_too_long", single(byId, "too-long").get("error_type").asText());
        assertTrue(single(byId, "no-rubric").get("error").asText().contains("no rubric"));
        for (int i : new int[] {0, 2, 3, 4, 5}) {
            assertTrue(single(byId, "q" + i).has("score"), "good rows are graded");
        }
        drainEvents();
        assertTrue(TASKS.succeeded.get() > 0);
        assertEquals(0, TASKS.failed.get(), "bad rows never fail a task: " + TASKS.reasons);
    }

    private static ObjectNode single(Map<String, List<ObjectNode>> byId, String id) {
        List<ObjectNode> l = byId.get(id);
        assertNotNull(l, id + " in " + byId.keySet());
        assertEquals(1, l.size(), id);
        return l.getFirst();
    }

    @Test
    void theJobGivesTheCliRecordsForTheSameItemsAndOptions() {
        List<String> lines = new ArrayList<>(SparkTests.items(20));
        lines.add("{\"id\":\"no-response\",\"instruction\":\"2+2?\",\"rubric\":" + SparkTests.RUBRIC + "}");
        lines.add("{\"id\":\"q3\",\"instruction\":\"again\",\"response\":\"x\",\"rubric\":" + SparkTests.RUBRIC + "}");
        lines.add("{\"instruction\":\"no id: numbered by position\",\"response\":\"5\",\"rubric\":" + SparkTests.RUBRIC + "}");
        Path input = SparkTests.write(tmp.resolve("items.jsonl"), lines);
        List<String> flags = List.of("--model", SparkTests.model().toString(), "--input", input.toString(),
                "--format", SparkTests.resource("short-format.txt").toString(), "--chat-template", "raw",
                "--mode", "feedback", "--feedback-tokens", "6", "--parallel", "1", "--threads", "1",
                "--context", "1024", "--no-prefix-cache");
        Path cliOut = tmp.resolve("cli.jsonl");
        assertEquals(1, GavelCli.execute(concat(List.of("grade", "--output", cliOut.toString()), flags)),
                "the CLI run finishes with error records");
        Path sparkOut = tmp.resolve("spark");
        assertEquals(1, GavelSparkJob.run(spark, concat(List.of("grade", "--output", sparkOut.toString(),
                "--output-format", "json", "--partitions", "3"), flags)));

        assertSameRecords(SparkTests.records(cliOut), SparkTests.records(sparkOut), lines.size());
    }

    @Test
    void comparisonsAndStepChecksGiveTheCliRecordsToo() {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pairs.add("{\"id\":\"p" + i + "\",\"instruction\":\"" + i + "+1?\",\"response_a\":\"" + (i + 1)
                    + "\",\"response_b\":\"" + (i + 2) + "\"}");
        }
        pairs.add("{\"id\":\"no-b\",\"instruction\":\"1+1?\",\"response_a\":\"2\"}");
        Path pairFile = SparkTests.write(tmp.resolve("pairs.jsonl"), pairs);
        List<String> engine = List.of("--model", SparkTests.model().toString(), "--chat-template", "raw",
                "--mode", "score-only", "--parallel", "1", "--threads", "1", "--context", "1024", "--no-prefix-cache");
        String[] compare = concat(List.of("--input", pairFile.toString(), "--format",
                SparkTests.resource("short-pairwise-format.txt").toString()), engine);
        Path cliPairs = tmp.resolve("pairs-cli.jsonl");
        Path sparkPairs = tmp.resolve("pairs-spark");
        assertEquals(1, GavelCli.execute(concat(List.of("compare", "--output", cliPairs.toString()), compare)));
        assertEquals(1, GavelSparkJob.run(spark, concat(List.of("compare", "--output", sparkPairs.toString(),
                "--output-format", "json"), compare)));
        List<ObjectNode> pairRecords = SparkTests.records(sparkPairs);
        assertSameRecords(SparkTests.records(cliPairs), pairRecords, pairs.size());
        assertTrue(pairRecords.stream().filter(r -> r.has("winner")).allMatch(r -> r.has("forward") && r.has("reversed")),
                "both orders are judged by default");

        List<String> solutions = List.of(
                "{\"id\":\"s0\",\"problem\":\"1+1?\",\"steps\":[\"1+1=2\",\"So 2.\"]}",
                "{\"id\":\"s1\",\"problem\":\"2+2?\",\"steps\":[\"2+2=5\"]}",
                "{\"id\":\"s2\",\"steps\":[\"3+3=6\"]}");
        Path stepFile = SparkTests.write(tmp.resolve("steps.jsonl"), solutions);
        // ProcessBench's prompt is long in stories260K's small vocabulary: a larger context.
        String[] steps = concat(List.of("--input", stepFile.toString()), engine.stream()
                .map(f -> f.equals("1024") ? "4096" : f).toList());
        Path cliSteps = tmp.resolve("steps-cli.jsonl");
        Path sparkSteps = tmp.resolve("steps-spark");
        assertEquals(1, GavelCli.execute(concat(List.of("steps", "--output", cliSteps.toString()), steps)));
        assertEquals(1, GavelSparkJob.run(spark, concat(List.of("steps", "--output", sparkSteps.toString(),
                "--output-format", "json"), steps)));
        assertSameRecords(SparkTests.records(cliSteps), SparkTests.records(sparkSteps), solutions.size());
    }

    /**
     * Judged records are equal field for field but for timings; error records are equal in id,
     * type and duplicate flag (their messages name the CLI's line or Spark's row).
     */
    private static void assertSameRecords(List<ObjectNode> cli, List<ObjectNode> spark, int items) {
        assertEquals(items, cli.size());
        assertEquals(items, spark.size());
        Map<String, ObjectNode> byKey = new java.util.HashMap<>();
        for (ObjectNode r : spark) {
            assertNull(byKey.put(key(r), r), "one Spark row per item: " + r);
        }
        int judged = 0;
        for (ObjectNode c : cli) {
            ObjectNode s = byKey.get(key(c));
            assertNotNull(s, "Spark has the CLI's record " + c);
            if (c.hasNonNull("error")) {
                assertEquals(c.get("error_type"), s.get("error_type"), c + " vs " + s);
                assertEquals(c.path("duplicate").asBoolean(), s.path("duplicate").asBoolean(), c + " vs " + s);
            } else {
                assertEquals(SparkTests.comparable(c), SparkTests.comparable(s));
                judged++;
            }
        }
        assertTrue(judged > 0);
    }

    /** Records are matched by id; a duplicate by its flag; a record without id by its error. */
    private static String key(ObjectNode r) {
        return r.path("id").asText("<none>") + (r.path("duplicate").asBoolean() ? "#duplicate" : "");
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static String[] concat(List<String> a, String[] b) {
        return concat(a, List.of(b));
    }

    @Test
    void aTaskThatFailsMidPartitionIsRetriedAndTheWrittenResultHoldsEachIdOnce() {
        Dataset<Row> in = read(SparkTests.items(80), 4);
        SparkJudge judge = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .options(SparkTests.batchInvariantOptions().build()).build();
        Map<String, Integer> clean = scores(judge.grade(in));
        drainEvents();
        TASKS.reset();

        // Downstream of the grader, in the same task: the first attempt of partition 1 dies at its
        // 10th row, after rows were judged and handed on.
        Dataset<Row> graded = judge.grade(in);
        Dataset<Row> failing = graded.map((MapFunction<Row, Row>) new FailOnce(10), Encoders.row(graded.schema()));
        Path out = tmp.resolve("retried.parquet");
        failing.write().parquet(out.toString());

        drainEvents();
        assertEquals(1, TASKS.failed.get(), "one task failed once: " + TASKS.reasons);
        assertTrue(TASKS.reasons.getFirst().contains("injected failure"), TASKS.reasons.toString());
        Dataset<Row> written = spark.read().parquet(out.toString());
        assertEquals(80, written.count());
        assertEquals(80, written.select("id").distinct().count(), "each id exactly once");
        assertEquals(clean, scores(written), "the retried partition judged as before (same seed, batch-invariant options)");
        assertEquals(0, ExecutorJudges.get().leases());
    }

    /** Throws in the first attempt of partition 1 at its n-th row. */
    private record FailOnce(int n) implements MapFunction<Row, Row> {
        @Override
        public Row call(Row row) {
            TaskContext ctx = TaskContext.get();
            if (ctx.partitionId() == 1 && ctx.attemptNumber() == 0 && Counter.next(ctx.taskAttemptId()) == n) {
                throw new IllegalStateException("injected failure at row " + n + " of partition 1");
            }
            return row;
        }
    }

    /** Rows seen per task attempt (tasks of one JVM in local mode). */
    private static final class Counter {
        private static final Map<Long, Integer> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

        static int next(long attempt) {
            return SEEN.merge(attempt, 1, Integer::sum);
        }
    }

    private static Map<String, Integer> scores(Dataset<Row> result) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Row r : result.select("id", "score").collectAsList()) {
            assertNull(out.put(r.getString(0), r.isNullAt(1) ? null : r.getInt(1)));
        }
        return out;
    }

    @Test
    void aJudgeThatBreaksMidTaskFailsThatTaskNotItsRowsAndTheRetryOpensANewOne() {
        Dataset<Row> in = read(SparkTests.items(60), 2);
        SparkJudge judge = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .options(SparkTests.options().parallel(2).build()).build();
        int opened = ExecutorJudges.get().opened();
        Dataset<Row> graded = judge.grade(in);
        drainEvents();
        TASKS.reset();
        // The executor's judge is closed under the running tasks, as when its engine dies.
        Dataset<Row> breaking = graded.map((MapFunction<Row, Row>) new CloseJudgesOnce(5),
                Encoders.row(graded.schema()));

        List<Row> rows = breaking.collectAsList();

        drainEvents();
        assertTrue(TASKS.failed.get() >= 1, "the tasks on the broken judge failed: " + TASKS.reasons);
        assertTrue(TASKS.reasons.stream().anyMatch(r -> r.contains("JUDGE_FAILED") || r.contains("the judge failed")),
                TASKS.reasons.toString());
        assertEquals(60, rows.size());
        assertEquals(60, rows.stream().map(r -> r.getString(r.fieldIndex("id"))).distinct().count());
        assertTrue(rows.stream().allMatch(r -> r.isNullAt(r.fieldIndex("error"))),
                "a broken judge is never written as row errors");
        assertTrue(ExecutorJudges.get().opened() >= opened + 2, "the retry opened a fresh judge");
    }

    /** Closes this JVM's judges in the first attempt of partition 0 at its n-th row. */
    private record CloseJudgesOnce(int n) implements MapFunction<Row, Row> {
        @Override
        public Row call(Row row) {
            TaskContext ctx = TaskContext.get();
            if (ctx.partitionId() == 0 && ctx.attemptNumber() == 0 && Counter.next(ctx.taskAttemptId()) == n) {
                ExecutorJudges.get().closeAll();
            }
            return row;
        }
    }

    @Test
    void anAttemptKilledMidPartitionLikeTheLoserOfASpeculativeRaceLeavesEachIdOnce() {
        Dataset<Row> in = read(SparkTests.items(80), 4);
        SparkJudge judge = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .options(SparkTests.batchInvariantOptions().build()).build();
        Map<String, Integer> clean = scores(judge.grade(in));
        Dataset<Row> graded = judge.grade(in);
        drainEvents();
        TASKS.reset();
        Dataset<Row> killed = graded.map((MapFunction<Row, Row>) new KillOwnAttemptOnce(8), Encoders.row(graded.schema()));
        Path out = tmp.resolve("killed");
        killed.write().json(out.toString());

        drainEvents();
        assertEquals(1, TASKS.killed.get(), "one attempt was killed: " + TASKS.reasons);
        assertEquals(0, TASKS.failed.get(), TASKS.reasons.toString());
        List<ObjectNode> written = SparkTests.records(out);
        assertEquals(80, written.size());
        assertEquals(80, written.stream().map(r -> r.get("id").asText()).distinct().count(), "each id exactly once");
        Map<String, Integer> scores = new java.util.TreeMap<>();
        written.forEach(r -> scores.put(r.get("id").asText(), r.get("score").asInt()));
        assertEquals(clean, scores);
        assertEquals(0, ExecutorJudges.get().leases(), "the killed attempt gave its judge back");
    }

    /**
     * In the first attempt of partition 2, at its n-th row, asks the scheduler to kill this very
     * attempt (what Spark does to the slower copy once a speculative copy wins) and waits for it.
     */
    private record KillOwnAttemptOnce(int n) implements MapFunction<Row, Row> {
        @Override
        public Row call(Row row) throws InterruptedException {
            TaskContext ctx = TaskContext.get();
            if (ctx.partitionId() == 2 && ctx.attemptNumber() == 0 && Counter.next(ctx.taskAttemptId()) == n) {
                org.apache.spark.SparkContext.getOrCreate().killTaskAttempt(ctx.taskAttemptId(), true,
                        "another attempt of this partition finished first");
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        ctx.killTaskIfInterrupted();
                        throw e;
                    }
                }
                throw new IllegalStateException("the attempt was not killed within a minute");
            }
            return row;
        }
    }

    @Test
    void aMissingOrWrongModelIsRefusedOnTheDriverBeforeAnyJob() {
        Dataset<Row> in = read(SparkTests.items(3), 0);
        drainEvents();
        TASKS.reset();
        JudgeOptions o = SparkTests.options().build();
        GavelSparkException missing = assertThrows(GavelSparkException.class, () -> SparkJudge.builder(
                ModelSource.shared(tmp.resolve("nope.gguf").toString())).options(o).build().grade(in));
        assertEquals(GavelSparkException.Kind.MODEL_MISSING, missing.kind());
        assertTrue(missing.getMessage().contains("SHA-256"), "says how to run with a path only executors see");

        GavelSparkException wrong = assertThrows(GavelSparkException.class, () -> SparkJudge.builder(
                ModelSource.shared(SparkTests.model().toString(), "0".repeat(64))).options(o).build().grade(in));
        assertEquals(GavelSparkException.Kind.MODEL_MISMATCH, wrong.kind());

        GavelSparkException notAModel = assertThrows(GavelSparkException.class, () -> SparkJudge.builder(
                ModelSource.shipped(SharedFixtures.model("ggml-vocab-phi-3.gguf"))).options(o).build().grade(in));
        assertEquals(GavelSparkException.Kind.MODEL_LOAD, notAModel.kind());
        drainEvents();
        assertEquals(0, TASKS.succeeded.get() + TASKS.failed.get(), "no task ran");
    }

    @Test
    void anExecutorCopyWithAnotherDigestIsRefusedBeforeLoading() throws Exception {
        Path copy = Files.copy(SparkTests.model(), tmp.resolve("copy.gguf"));
        String sha = ModelFiles.sha256(copy);
        ModelFiles.Resolved expected = new ModelFiles.Resolved(ModelSource.shared(copy.toString()), sha);
        assertEquals(copy, ModelFiles.onExecutor(expected));
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length - 1] ^= 1;
        Files.write(copy, bytes);
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        GavelSparkException e = assertThrows(GavelSparkException.class, () -> ModelFiles.onExecutor(expected));
        assertEquals(GavelSparkException.Kind.MODEL_MISMATCH, e.kind());
        assertTrue(e.getMessage().contains(sha), e.getMessage());
    }

    @Test
    void aMissingColumnOrAMisplacedSettingIsRefusedAtOnce() {
        Dataset<Row> in = read(SparkTests.items(2), 0);
        SparkJudge judge = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .options(SparkTests.options().build()).build();
        IllegalArgumentException noColumn = assertThrows(IllegalArgumentException.class, () -> judge.compare(in));
        assertTrue(noColumn.getMessage().contains("response_a"), noColumn.getMessage());
        SparkJudge withRubric = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .rubric(Rubric.of("c", "a", "b")).build();
        assertThrows(IllegalArgumentException.class, () -> withRubric.steps(in));
        SparkJudge wrongPreset = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .preset(DatasetPreset.LLMBAR).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> wrongPreset.grade(in)).getMessage()
                .contains("llmbar"));
    }

    @Test
    void theJobCommandExitsWithTheCliCodes() throws Exception {
        Path input = SparkTests.write(tmp.resolve("two.jsonl"), SparkTests.items(2));
        Path out = Files.createDirectories(tmp.resolve("exists"));
        // The options of SparkTests.options(), so that the executor's judge is reused.
        List<String> engine = List.of("--format", SparkTests.resource("short-format.txt").toString(),
                "--chat-template", "raw", "--mode", "score-only", "--parallel", "4", "--threads", "1", "--context", "1024");
        String model = SparkTests.model().toString();
        assertEquals(5, GavelSparkJob.run(spark, concat(List.of("grade", "--model", model, "--input", input.toString(),
                "--output", out.toString()), engine)), "an existing output needs --overwrite");
        assertEquals(0, GavelSparkJob.run(spark, concat(List.of("grade", "--model", model, "--input", input.toString(),
                "--output", out.toString(), "--overwrite"), engine)));
        assertEquals(2, spark.read().parquet(out.toString()).count(), "parquet by default");
        assertEquals(3, GavelSparkJob.run(spark, concat(List.of("grade", "--model", model, "--input",
                tmp.resolve("missing.jsonl").toString(), "--output", tmp.resolve("o1").toString()), engine)));
        assertEquals(4, GavelSparkJob.run(spark, concat(List.of("grade", "--model", model, "--model-sha256", "ab".repeat(32),
                "--input", input.toString(), "--output", tmp.resolve("o2").toString()), engine)));
        assertEquals(2, GavelSparkJob.run(spark, "grade", "--model", model, "--input", input.toString(), "--output",
                tmp.resolve("o3").toString(), "--mode", "loud"));
        assertEquals(2, GavelSparkJob.run(spark, "grade", "--model", model, "--input", input.toString(), "--output",
                tmp.resolve("o4").toString(), "--preset", "llmbar"), "a preset of another task");
    }

    @Test
    void aRubricColumnMayHoldJsonTextAndOneRubricMayServeAllRows() {
        List<String> lines = List.of(
                "{\"id\":\"a\",\"instruction\":\"1+1?\",\"response\":\"2\",\"rubric\":" + SparkTests.JSON.valueToTree(
                        SparkTests.RUBRIC) + "}",
                "{\"id\":\"b\",\"instruction\":\"1+2?\",\"response\":\"3\",\"rubric\":\"not json\"}");
        Dataset<Row> in = read(lines, 0);
        assertEquals("string", in.schema().apply("rubric").dataType().simpleString());
        SparkJudge judge = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .options(SparkTests.options().build()).build();
        Map<String, ObjectNode> rows = SparkTests.byId(judge.grade(in));
        assertEquals(3, rows.get("a").get("distribution").size(), "the text rubric's 1-3 scale");
        assertEquals("input", rows.get("b").get("error_type").asText());

        SparkJudge fivePoint = SparkJudge.builder(ModelSource.shared(SparkTests.model().toString()))
                .options(SparkTests.options().build())
                .rubric(Rubric.of("Right?", "no", "barely", "partly", "mostly", "yes")).build();
        Map<String, ObjectNode> all = SparkTests.byId(fivePoint.grade(in));
        assertEquals(5, all.get("a").get("distribution").size());
        assertEquals(5, all.get("b").get("distribution").size(), "the shared rubric replaces the row's");
    }
}
