package dev.gavel.gguf;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synthesized models must be real models to llama.cpp: it loads them, tokenizes and generates. */
class GgufLlamaCppLoadTest {

    @TempDir
    Path dir;

    static LlamaModel load(Path p) {
        return new LlamaModel(new ModelParameters().setModel(p.toString()).skipWarmup().setCtxSize(256)
                .setThreads(2).setGpuLayers(0).disableLog());
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "Q8_0", "Q4_0"})
    void synthesizedModelLoadsAndGenerates(GgmlType type) throws Exception {
        Path p = dir.resolve("tiny-" + type + ".gguf");
        ModelSynthesizer.builder(ModelShape.TINY).weightType(type).seed(3).build().write(p);
        GgufValidator.validate(p);
        try (LlamaModel model = load(p)) {
            int[] ids = model.encode("Once upon a time, ünïcode ✓ 123");
            assertTrue(ids.length > 3, "tokenized to " + ids.length);
            for (int id : ids) {
                assertTrue(id >= 0 && id < 512);
            }
            assertEquals(" Once upon a time, ünïcode ✓ 123".strip(), model.decode(ids).strip());
            String out = model.complete(new InferenceParameters("Once upon a time").setNPredict(8)
                    .setTemperature(0).setSeed(1));
            assertNotNull(out);
            // Random weights give gibberish, but greedy decoding must produce tokens, not stop at once.
            int[] outIds = model.encode(out);
            assertTrue(outIds.length > 0, "generated nothing: '" + out + "'");
        }
    }

    @Test
    void tiedEmbeddingModelLoads() throws Exception {
        Path p = dir.resolve("tied.gguf");
        ModelSynthesizer.builder(ModelShape.TINY_TIED).weightType(GgmlType.Q8_0).build().write(p);
        try (LlamaModel model = load(p)) {
            assertFalse(model.complete(new InferenceParameters("Hello").setNPredict(4).setTemperature(0)).isEmpty());
        }
    }

    @Test
    void copiedVocabularyTokenizesLikeTheOriginal() throws Exception {
        Path source = SharedFixtures.model("llama-2-tiny-random.gguf");
        Path p = dir.resolve("copied.gguf");
        ModelSynthesizer s = ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.Q8_0)
                .vocabulary(GgufVocabulary.copyFrom(source)).build();
        s.write(p);
        assertEquals(32000, s.shape().vocabSize());
        assertEquals(32000, GgufValidator.validate(p).vocabularySize());
        String text = "The quick brown fox judges: score 4/5.";
        int[] expected;
        try (LlamaModel original = load(source)) {
            expected = original.encode(text);
        }
        try (LlamaModel model = load(p)) {
            int[] ids = model.encode(text);
            assertArrayEquals(expected, ids);
            assertEquals(text, model.decode(ids).strip());
            assertFalse(model.complete(new InferenceParameters(text).setNPredict(4).setTemperature(0)).isEmpty());
        }
    }
}
