package dev.gavel.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.JudgeMode;
import dev.gavel.JudgeTask;
import dev.gavel.data.DatasetPreset;
import dev.gavel.data.InputFields;
import dev.gavel.judge.JudgeOptions;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces that need no Spark job: what travels to executors, GPU and thread settings, record conversion. */
class SparkPiecesTest {
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void judgeOptionsWithEveryFieldSetReachTheExecutorsUnchanged() throws Exception {
        JudgeOptions o = JudgeOptions.builder().format("gavel-rubric-v1").stepFormat("x.txt").chatTemplate("chatml")
                .mode(JudgeMode.SCORE_ONLY).samples(3).feedbackTokens(17).temperature(0.7f).topK(5).topP(0.8f)
                .minP(0.05f).seed(99).pairwiseBothOrders(false).allowTies(true)
                .longInput(JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE).parallel(3).contextSize(2048).threads(7)
                .gpuLayers(12).prefixCache(false).batchSize(256).flashAttention(JudgeOptions.FlashAttention.OFF)
                .huggingFaceTokenizer(Path.of("/models/tokenizer.json")).build();
        JudgeOptions back = roundTrip(SerializableRecord.of(o)).get();
        assertEquals(o, back);
        InputFields f = DatasetPreset.PANDALM.fields().withReference("gold");
        assertEquals(f, roundTrip(SerializableRecord.of(f)).get());
    }

    @Test
    void aRecordThatCannotTravelIsRefusedOnTheDriver() {
        record Holder(Object thing) {
        }
        assertThrows(IllegalArgumentException.class, () -> SerializableRecord.of(new Holder(new Object())));
    }

    @Test
    void aGpuJudgeRunsOnTheTasksGpuAndACpuJudgeIgnoresIt() {
        JudgeOptions cpu = JudgeOptions.builder().gpuLayers(0).build();
        JudgeOptions gpu = JudgeOptions.builder().gpuLayers(99).build();
        Map<String, ResourceInformation> one = Map.of("gpu", new ResourceInformation("gpu", new String[] {"3"}));
        assertEquals("cpu", GpuAssignment.device(cpu, one));
        assertEquals("3", GpuAssignment.device(gpu, one));
        assertEquals("default", GpuAssignment.device(gpu, Map.of()), "no GPU scheduling: llama.cpp's default device");
        Map<String, ResourceInformation> two = Map.of("gpu", new ResourceInformation("gpu", new String[] {"0", "1"}));
        GavelSparkException e = assertThrows(GavelSparkException.class, () -> GpuAssignment.device(gpu, two));
        assertEquals(GavelSparkException.Kind.GPU_SETUP, e.kind());
    }

    @Test
    void automaticThreadsBecomeTheExecutorsCores() {
        JudgeOptions auto = JudgeOptions.builder().build();
        assertEquals(0, SparkJudge.withExecutorThreads(auto, new SparkConf(false)).threads(), "unset: all processors");
        assertEquals(4, SparkJudge.withExecutorThreads(auto, new SparkConf(false).set("spark.executor.cores", "4")).threads());
        JudgeOptions two = JudgeOptions.builder().threads(2).build();
        assertEquals(2, SparkJudge.withExecutorThreads(two, new SparkConf(false).set("spark.executor.cores", "4")).threads(),
                "an explicit thread count stays");
    }

    @Test
    void formatFilesAreCheckedOnTheDriverAndNamedAbsolutelyForTheExecutors() {
        // Tests run in the repository root, so this relative path names the test format.
        String relative = "src/spark/src/test/resources/short-format.txt";
        JudgeOptions o = SparkJudge.withFilesResolved(JudgeOptions.builder().format(relative).build());
        assertEquals(Path.of(relative).toAbsolutePath().toString(), o.format());
        assertEquals("processbench-critique", o.stepFormat(), "built-in ids stay ids");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkJudge.withFilesResolved(JudgeOptions.builder().format("prometheus-2").build()));
        assertTrue(e.getMessage().contains("prometheus-2"), e.getMessage());
    }

    @Test
    void aRecordFieldWithoutAColumnIsAnErrorNotADroppedValue() {
        StructType schema = OutputSchema.of(JudgeTask.STEPS, JudgeOptions.defaults());
        ObjectNode ok = SparkTests.parse("{\"id\":\"a\",\"step\":-1,\"distribution\":{\"-1\":0.75,\"0\":0.25},"
                + "\"tokens\":{\"prompt\":5,\"reused\":0,\"generated\":1,\"requests\":1}}");
        Row row = RowJson.toRow(ok, schema);
        assertEquals(-1, row.getInt(schema.fieldIndex("step")));
        assertEquals(0.75, row.getJavaMap(schema.fieldIndex("distribution")).get("-1"));
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> RowJson.toRow(SparkTests.parse("{\"id\":\"a\",\"novel\":1}"), schema));
        assertTrue(unknown.getMessage().contains("novel"), unknown.getMessage());
        assertThrows(IllegalStateException.class, () -> RowJson.toRow(SparkTests.parse("{\"step\":\"x\"}"), schema));
    }

    @Test
    void samplesColumnsExistOnlyWithSeveralSamples() {
        assertTrue(OutputSchema.of(JudgeTask.ABSOLUTE, JudgeOptions.builder().samples(3).build())
                .getFieldIndex("samples").isDefined());
        assertTrue(OutputSchema.of(JudgeTask.ABSOLUTE, JudgeOptions.defaults()).getFieldIndex("samples").isEmpty());
    }
}
