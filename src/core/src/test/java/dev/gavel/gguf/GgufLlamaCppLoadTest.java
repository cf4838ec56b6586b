package dev.gavel.gguf;

import dev.gavel.llama.ContextOptions;
import dev.gavel.llama.GreedyGenerator;
import dev.gavel.llama.LlamaContext;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
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

    static LlamaModel load(Path p) throws Exception {
        return LlamaModel.load(p, ModelOptions.defaults().withGpuLayers(0));
    }

    /** Greedy continuation through the bundled llama.cpp: the generated text. */
    static String complete(LlamaModel model, String prompt, int tokens) {
        try (LlamaContext ctx = model.newContext(ContextOptions.defaults().withContextSize(256).withThreads(2, 2))) {
            return new GreedyGenerator(ctx).generate(prompt, tokens).text();
        }
    }

    /** llama.cpp's tokenization without BOS, special-token text parsed (what jllama's encode did). */
    static int[] encode(LlamaModel model, String text) {
        return model.vocabulary().tokenize(text, false, true);
    }

    static String decode(LlamaModel model, int[] ids) {
        return model.vocabulary().detokenize(ids, false, false);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "Q8_0", "Q4_0"})
    void synthesizedModelLoadsAndGenerates(GgmlType type) throws Exception {
        Path p = dir.resolve("tiny-" + type + ".gguf");
        ModelSynthesizer.builder(ModelShape.TINY).weightType(type).seed(3).build().write(p);
        GgufValidator.validate(p);
        try (LlamaModel model = load(p)) {
            int[] ids = encode(model, "Once upon a time, ünïcode ✓ 123");
            assertTrue(ids.length > 3, "tokenized to " + ids.length);
            for (int id : ids) {
                assertTrue(id >= 0 && id < 512);
            }
            assertEquals(" Once upon a time, ünïcode ✓ 123".strip(), decode(model, ids).strip());
            String out = complete(model, "Once upon a time", 8);
            assertNotNull(out);
            // Random weights give gibberish, but greedy decoding must produce tokens, not stop at once.
            int[] outIds = encode(model, out);
            assertTrue(outIds.length > 0, "generated nothing: '" + out + "'");
        }
    }

    @Test
    void tiedEmbeddingModelLoads() throws Exception {
        Path p = dir.resolve("tied.gguf");
        ModelSynthesizer.builder(ModelShape.TINY_TIED).weightType(GgmlType.Q8_0).build().write(p);
        try (LlamaModel model = load(p)) {
            assertFalse(complete(model, "Hello", 4).isEmpty());
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
            expected = encode(original, text);
        }
        try (LlamaModel model = load(p)) {
            int[] ids = encode(model, text);
            assertArrayEquals(expected, ids);
            assertEquals(text, decode(model, ids).strip());
            assertFalse(complete(model, text, 4).isEmpty());
        }
    }
}
