package dev.gavel.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufSynthesizerTest {

    @TempDir
    Path dir;

    @Test
    void namedShapesMatchTheirConfigs() {
        ModelShape smol = ModelShape.named("SmolLM2-135M").orElseThrow();
        assertEquals(576, smol.embeddingLength());
        assertEquals(64, smol.headDim());
        assertEquals(192, smol.kvDim());
        // Published parameter counts: 134.5M, 494M (incl. Qwen's biases), 1.236B, 7.24B.
        assertEquals(134.5e6, ModelShape.SMOLLM2_135M.parameterCount(), 0.5e6);
        assertEquals(494e6, ModelShape.QWEN25_05B.parameterCount(), 1e6);
        assertEquals(1.236e9, ModelShape.LLAMA32_1B.parameterCount(), 0.01e9);
        assertEquals(7.24e9, ModelShape.MISTRAL_7B.parameterCount(), 0.01e9);
        assertFalse(ModelShape.named("gpt-5").isPresent());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        Path c = dir.resolve("c.gguf");
        ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.Q4_0).seed(1).build().write(a);
        ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.Q4_0).seed(1).build().write(b);
        ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.Q4_0).seed(2).build().write(c);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(Files.size(a), Files.size(c));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }

    @Test
    void weightsHaveTheIntendedScaleAndNormsAreOne() throws Exception {
        Path p = dir.resolve("f32.gguf");
        ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.F32).build().write(p);
        GgufFile f = GgufFile.read(p);
        float[] q = floats(f, "blk.0.ffn_down.weight");
        double sum = 0;
        double sq = 0;
        for (float x : q) {
            sum += x;
            sq += x * x;
        }
        double mean = sum / q.length;
        double std = Math.sqrt(sq / q.length - mean * mean);
        assertEquals(1 / Math.sqrt(128), std, 0.1 / Math.sqrt(128), "ffn_down fan-in is 128");
        assertEquals(0, mean, 0.01);
        for (float x : floats(f, "blk.1.attn_norm.weight")) {
            assertEquals(1f, x);
        }
    }

    @Test
    void q8BlocksCarryAScaleMatchingTheDeviation() throws Exception {
        Path p = dir.resolve("q8.gguf");
        ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.Q8_0).build().write(p);
        GgufFile f = GgufFile.read(p);
        GgufTensorInfo t = f.tensor("blk.0.attn_q.weight").orElseThrow();
        ByteBuffer data = read(f, t);
        double sq = 0;
        long n = 0;
        while (data.hasRemaining()) {
            float d = Float.float16ToFloat(data.getShort());
            for (int i = 0; i < 32; i++) {
                double v = d * data.get();
                sq += v * v;
                n++;
            }
        }
        assertEquals(t.elementCount(), n);
        assertEquals(1 / Math.sqrt(64), Math.sqrt(sq / n), 0.01);
    }

    @Test
    void generatedVocabularyIsWellFormed() {
        GgufVocabulary v = GgufVocabulary.byteLevelSpm(1000);
        assertEquals(1000, v.size());
        List<String> tokens = v.metadata().get(GgufVocabulary.KEY_TOKENS).asArray().strings();
        assertEquals(1000, tokens.size());
        assertEquals(1000, new java.util.HashSet<>(tokens).size(), "tokens are unique");
        assertEquals("<0x0A>", tokens.get(3 + 10));
        assertTrue(tokens.contains("\u2581the"));
        GgufArray types = v.metadata().get("tokenizer.ggml.token_type").asArray();
        assertEquals(6L, types.longAt(3));
        assertEquals(1L, types.longAt(999));
        // Large vocabularies (Qwen's 151,936) are generated too.
        assertEquals(151936, GgufVocabulary.byteLevelSpm(151936).size());
    }

    @Test
    void smollm2Q8IsWrittenInSeconds() throws Exception {
        Path p = dir.resolve("smol.gguf");
        long t0 = System.nanoTime();
        ModelSynthesizer.builder(ModelShape.SMOLLM2_135M).weightType(GgmlType.Q8_0).build().write(p);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ModelInfo info = GgufValidator.validate(p);
        assertEquals(ModelShape.SMOLLM2_135M.parameterCount(), info.parameterCount());
        assertEquals(30L, info.blockCount());
        assertTrue(seconds < 20, "took " + seconds + " s");
        assertTrue(Files.size(p) > 134e6 * 34 / 32);
        Files.delete(p);
    }

    private static float[] floats(GgufFile f, String name) throws Exception {
        GgufTensorInfo t = f.tensor(name).orElseThrow();
        assertEquals(GgmlType.F32, t.type());
        ByteBuffer b = read(f, t);
        float[] out = new float[(int) t.elementCount()];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static ByteBuffer read(GgufFile f, GgufTensorInfo t) throws Exception {
        try (FileChannel ch = FileChannel.open(f.path())) {
            ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, f.dataStart() + t.offset());
            return b.flip();
        }
    }
}
