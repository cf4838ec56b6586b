package dev.gavel.tokenize;

import dev.gavel.gguf.HuggingFaceVocabulary;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.data.ParityCorpus;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 acceptance: llama.cpp, reading a GGUF vocabulary written from tokenizer.json, against
 * the tokenizer.json itself through DJL, on the parity corpus from shared/data/dev (about 1,000
 * texts) and on hand-picked edge cases whose known differences docs/tokenizers.md explains; and
 * a GGUF naming the wrong pre-tokenizer is detected.
 */
class TokenizerParityAcceptanceTest {
    /** Edge cases beyond the corpus; the indices that differ for Qwen are asserted below. */
    static final List<String> EDGE = List.of(
            "cafe\u0301 re\u0301sume\u0301",            // 0: decomposed accents (NFD): Qwen's NFC normalizer composes them
            "\u212b ohm \u2126",                         // 1: Angstrom and Ohm signs: NFC maps them to Å and Ω
            "<|fim_prefix|>def f():<|fim_suffix|>",     // 2: Qwen FIM tokens: not special in tokenizer.json, control in llama.cpp
            "\ufb01ne \ufb02ow full\uff21width",          // compatibility characters: NFC keeps them
            "nb\u00a0sp zero\u200bwidth \u3000ideographic", "👨‍👩‍👧 family 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "1234567890 12345 3.14159e-10", "  \n\n  \t\t x", "a\r\nb\rc\r\n\r\n", "\u0000nul \ufeffbom",
            "한국어 텍스트 मराठी العربية ℕ ⊆ ℝ", "İstanbul ǅ ﷺ a\u2028b\u2029c",
            "Hello<|im_end|>world", "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
            "<think>x</think>", "   leading", "trailing   ", "don't WON'T I'M", "x\u0300\u0301\u0302");

    private static List<String> corpus;

    @BeforeAll
    static void corpus() throws Exception {
        List<CorpusText> texts = ParityCorpus.build(SharedFixtures.require("data/dev"));
        Map<String, Long> kinds = texts.stream().collect(Collectors.groupingBy(CorpusText::kind, TreeMap::new, Collectors.counting()));
        System.out.println("parity corpus: " + texts.size() + " texts " + kinds);
        assertTrue(texts.size() >= 500, "corpus has " + texts.size() + " texts");
        for (String kind : List.of("instruction", "response", "rubric", "reference", "code", "math", "multilingual",
                "whitespace", "special-text")) {
            assertTrue(kinds.getOrDefault(kind, 0L) >= 5, "corpus needs " + kind + " texts: " + kinds);
        }
        corpus = texts.stream().map(CorpusText::text).toList();
    }

    private static ParityReport[] run(String tokenizer, String pre, List<String> texts) throws Exception {
        return run(tokenizer, pre, texts, true);
    }

    private static ParityReport[] run(String tokenizer, String pre, List<String> texts, boolean bothModes) throws Exception {
        Path model = TokenizerFixtures.model(tokenizer, pre);
        try (LlamaModel m = LlamaModel.load(model, ModelOptions.defaults());
             HfTokenizer hf = HfTokenizer.load(SharedFixtures.tokenizer(tokenizer))) {
            assertEquals(hf.size(), m.vocabulary().size());
            ParityReport untrusted = TokenizerParity.compare(m.vocabulary(), hf, texts, TokenizerParity.Mode.UNTRUSTED);
            System.out.println("== " + tokenizer + " vs GGUF pre=" + pre + "\n" + untrusted.verdict());
            if (!bothModes) {
                return new ParityReport[]{untrusted};
            }
            ParityReport trusted = TokenizerParity.compare(m.vocabulary(), hf, texts, TokenizerParity.Mode.TRUSTED);
            System.out.println(trusted.verdict());
            return new ParityReport[]{untrusted, trusted};
        }
    }

    private static List<Integer> indices(ParityReport r) {
        return r.mismatches().stream().map(ParityMismatch::index).toList();
    }

    @Test
    void smollm2VocabularyMatchesOnTheCorpusAndEdgeCases() throws Exception {
        for (ParityReport r : run(TokenizerFixtures.SMOLLM2, HuggingFaceVocabulary.SMOLLM, corpus)) {
            assertTrue(r.identical(), r.describe());
        }
        for (ParityReport r : run(TokenizerFixtures.SMOLLM2, HuggingFaceVocabulary.SMOLLM, EDGE)) {
            assertTrue(r.identical(), r.describe());
        }
    }

    @Test
    void qwenVocabularyMatchesOnTheCorpusAndDiffersOnlyWhereDocumented() throws Exception {
        for (ParityReport r : run(TokenizerFixtures.QWEN3, HuggingFaceVocabulary.QWEN2, corpus)) {
            assertTrue(r.identical(), r.describe());
        }
        ParityReport[] edge = run(TokenizerFixtures.QWEN3, HuggingFaceVocabulary.QWEN2, EDGE);
        assertEquals(List.of(0, 1, 2), indices(edge[0]), "untrusted: NFC (0, 1) and FIM tokens (2)\n" + edge[0].describe());
        assertEquals(List.of(0, 1), indices(edge[1]), "trusted: NFC only\n" + edge[1].describe());
    }

    @Test
    void aWrongPreTokenizerIsDetected() throws Exception {
        ParityReport smollmAsQwen = run(TokenizerFixtures.SMOLLM2, "qwen2", corpus, false)[0];
        assertTrue(smollmAsQwen.mismatches().size() > 100, smollmAsQwen.verdict());
        assertTrue(smollmAsQwen.verdict().startsWith("MISMATCH"));
        ParityReport qwenAsGpt2 = run(TokenizerFixtures.QWEN3, "gpt-2", corpus, false)[0];
        assertTrue(qwenAsGpt2.mismatches().size() > 100, qwenAsGpt2.verdict());
        System.out.println(qwenAsGpt2.mismatches().getFirst().describe());
    }
}
