package dev.gavel.gguf;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.gavel.llama.LlamaModel;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model whose vocabulary came from tokenizer.json must tokenize exactly like the HF tokenizer. */
class GgufHuggingFaceVocabularyTest {

    private static final List<String> TEXTS = List.of(
            "Hello world",
            "The response is accurate and complete. Score: 5",
            "  leading spaces,\ttabs and\nnew lines  ",
            "Numbers 1234567 and 3.14159, symbols #@!$%^&*()",
            "It's a test; don't panic... they'll see we're fine",
            "Ünïcödé: naïve café, 日本語, emoji 🙂",
            "def f(x):\n    return x ** 2  # square");

    @TempDir
    Path dir;

    @Test
    void smollm2VocabularyMatchesHuggingFace() throws Exception {
        Path tokenizer = SharedFixtures.tokenizer("smollm2-135m/tokenizer.json");
        GgufVocabulary vocab = HuggingFaceVocabulary.fromTokenizerJson(tokenizer, HuggingFaceVocabulary.SMOLLM);
        assertEquals(49152, vocab.size());
        ModelInfo info = synthesizeAndCompare(tokenizer, vocab);
        assertEquals("gpt2", info.tokenizerModel());
        assertEquals("smollm", info.preTokenizer());
        assertEquals("<|im_end|>", info.specialToken("eos").orElseThrow().text());
        assertEquals("<|im_start|>", info.specialToken("bos").orElseThrow().text());
    }

    @Test
    void qwen3VocabularyMatchesHuggingFace() throws Exception {
        Path tokenizer = SharedFixtures.tokenizer("qwen3/tokenizer.json");
        GgufVocabulary vocab = HuggingFaceVocabulary.fromTokenizerJson(tokenizer, HuggingFaceVocabulary.QWEN2);
        assertEquals(151669, vocab.size());
        ModelInfo info = synthesizeAndCompare(tokenizer, vocab);
        assertEquals("qwen2", info.preTokenizer());
        assertEquals("<|im_end|>", info.specialToken("eos").orElseThrow().text());
        assertEquals("<|endoftext|>", info.specialToken("pad").orElseThrow().text());
        assertFalse(info.specialToken("bos").isPresent());
        assertTrue(info.chatTemplate().contains("<|im_start|>"), "chat template from tokenizer_config.json");
        List<?> types = vocab.metadata().get("tokenizer.ggml.token_type").asArray().elements();
        assertEquals(GgufVocabulary.TYPE_CONTROL, types.get(151644), "<|im_start|> is special");
        assertEquals(GgufVocabulary.TYPE_USER_DEFINED, types.get(151667), "<think> is added, not special");
    }

    private ModelInfo synthesizeAndCompare(Path tokenizer, GgufVocabulary vocab) throws Exception {
        Path p = dir.resolve("hf.gguf");
        ModelSynthesizer.builder(ModelShape.TINY_TIED).weightType(GgmlType.Q8_0).vocabulary(vocab).build().write(p);
        ModelInfo info = GgufValidator.validate(p);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(tokenizer);
             LlamaModel model = GgufLlamaCppLoadTest.load(p)) {
            for (String text : TEXTS) {
                long[] expected = hf.encode(text, false, false).getIds();
                int[] got = GgufLlamaCppLoadTest.encode(model, text);
                assertArrayEquals(Arrays.stream(expected).mapToInt(x -> (int) x).toArray(), got, text);
                assertEquals(text, GgufLlamaCppLoadTest.decode(model, got), text);
            }
            assertFalse(GgufLlamaCppLoadTest.complete(model, "Hello", 4).isEmpty());
        }
        return info;
    }
}
