package dev.gavel.tokenize;

import dev.gavel.gguf.HuggingFaceVocabulary;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 acceptance: llama.cpp (GGUF vocabulary written from tokenizer.json) against DJL on the
 * parity corpus, and a wrong pre-tokenizer detected.
 */
class TokenizerParityAcceptanceTest {

    private static ParityReport run(String tokenizer, String pre, List<String> texts, TokenizerParity.Mode mode)
            throws Exception {
        Path model = TokenizerFixtures.model(tokenizer, pre);
        try (LlamaModel m = LlamaModel.load(model, ModelOptions.defaults());
             HfTokenizer hf = HfTokenizer.load(SharedFixtures.tokenizer(tokenizer))) {
            ParityReport r = TokenizerParity.compare(m.vocabulary(), hf, texts, mode);
            System.out.println("== " + tokenizer + " vs GGUF pre=" + pre + " (" + mode + ")\n" + r.describe());
            return r;
        }
    }

    private static List<String> corpus() throws Exception {
        List<String> texts = ParityCorpus.texts(SharedFixtures.require("data/dev"));
        assertTrue(texts.size() >= 500, "corpus has " + texts.size() + " texts");
        return texts;
    }

    @Test
    void smollm2() throws Exception {
        ParityReport r = run(TokenizerFixtures.SMOLLM2, HuggingFaceVocabulary.SMOLLM, corpus(), TokenizerParity.Mode.UNTRUSTED);
        assertTrue(r.total() >= 500);
    }

    @Test
    void qwen3() throws Exception {
        ParityReport r = run(TokenizerFixtures.QWEN3, HuggingFaceVocabulary.QWEN2, corpus(), TokenizerParity.Mode.UNTRUSTED);
        assertTrue(r.total() >= 500);
    }
}
