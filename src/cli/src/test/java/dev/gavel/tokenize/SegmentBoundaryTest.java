package dev.gavel.tokenize;

import dev.gavel.data.PrometheusDataset;
import dev.gavel.data.VicunaExample;
import dev.gavel.format.JudgeFormats;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.format.StandardChatTemplate;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.llama.Vocabulary;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokenizing a prompt segment by segment (so untrusted text is never parsed for special tokens)
 * must give the ids a whole-string tokenization gives on a SentencePiece vocabulary, where
 * llama.cpp would otherwise invent a word-start space at every trust boundary. Prometheus 2 is
 * Mistral-based; Llama 2's vocabulary is the same kind.
 */
class SegmentBoundaryTest {

    @Test
    void prometheusPromptsMatchWholeStringTokenizationOnSentencePiece() throws Exception {
        List<VicunaExample> examples = PrometheusDataset.loadVicuna(SharedFixtures.data("prometheus_vicuna_eval.json"));
        try (LlamaModel model = LlamaModel.load(SharedFixtures.model("llama-2-tiny-random.gguf"), ModelOptions.defaults())) {
            Vocabulary v = model.vocabulary();
            assertTrue(v.addsSpacePrefix(), "Llama 2's vocabulary is SentencePiece");
            PromptTokenizer tokenizer = PromptTokenizer.llama(v, true);
            int equal = 0;
            for (VicunaExample e : examples.subList(0, 40)) {
                RenderedPrompt prompt = JudgeFormats.resolve("prometheus2").absolute(e.request())
                        .render(StandardChatTemplate.named("mistral"));
                assertTrue(prompt.segments().size() > 2, "a prompt has several trust segments");
                // The Mistral v0.2 template has no special tokens, so the whole string can be
                // tokenized at once as the reference.
                int[] whole = v.tokenize(prompt.text(), true, false);
                int[] segmented = tokenizer.tokenize(prompt);
                assertArrayEquals(whole, segmented, "item " + e.id() + " differs at "
                        + Arrays.mismatch(whole, segmented));
                equal++;
            }
            assertEquals(40, equal);
        }
    }

    @Test
    void chatmlPromptsDifferFromWholeStringOnlyAtTrustBoundariesOnByteLevelBpe() throws Exception {
        List<VicunaExample> examples = PrometheusDataset.loadVicuna(SharedFixtures.data("prometheus_vicuna_eval.json"));
        var vocab = dev.gavel.gguf.HuggingFaceVocabulary.fromTokenizerJson(
                SharedFixtures.tokenizer("smollm2-135m/tokenizer.json"), dev.gavel.gguf.HuggingFaceVocabulary.SMOLLM);
        var file = dev.gavel.testing.TestModels.synthesize("tiny-smollm2-vocab", dev.gavel.gguf.ModelSynthesizer
                .builder(dev.gavel.gguf.ModelShape.TINY).weightType(dev.gavel.gguf.GgmlType.F16).seed(4).vocabulary(vocab).build());
        try (LlamaModel model = LlamaModel.load(file, ModelOptions.defaults())) {
            Vocabulary v = model.vocabulary();
            PromptTokenizer tokenizer = PromptTokenizer.llama(v, false);
            int identical = 0;
            int checked = 0;
            for (VicunaExample e : examples.subList(0, 80)) {
                RenderedPrompt prompt = JudgeFormats.resolve("prometheus2").absolute(e.request())
                        .render(StandardChatTemplate.named("chatml"));
                // These responses hold no special-token text, so parsing the whole string is the reference.
                int[] whole = v.tokenize(prompt.text(), false, true);
                int[] segmented = tokenizer.tokenize(prompt);
                checked++;
                if (Arrays.equals(whole, segmented)) {
                    identical++;
                } else {
                    // Byte-level BPE can merge the last character of untrusted text with the first of
                    // the template ("?" + "]" is "?]" in one string); segments are kept apart so that
                    // no token straddles a trust boundary. Nothing else may differ.
                    int boundaries = SegmentSpacing.align(prompt.segments()).size() - 1;
                    assertTrue(segmented.length - whole.length <= boundaries && segmented.length >= whole.length,
                            "item " + e.id() + ": only merges across trust boundaries may be missing");
                }
            }
            System.out.printf("byte-level BPE: %d of %d prompts tokenize exactly as the whole string%n", identical, checked);
            assertEquals(checked, 80);
        }
    }

    @Test
    void continuationDropsOnlyTheInventedSpace() throws Exception {
        try (LlamaModel model = LlamaModel.load(SharedFixtures.model("llama-2-tiny-random.gguf"), ModelOptions.defaults())) {
            Vocabulary v = model.vocabulary();
            for (String[] split : new String[][]{{"Hello", " world"}, {"Score:", "5"}, {"line\n", "next line"},
                    {"a", "  two spaces"}, {"x", "\nnewline first"}, {"Ünï", "cödé"}}) {
                int[] whole = v.tokenize(split[0] + split[1], false, false);
                int[] first = v.tokenize(split[0], false, false);
                int[] rest = v.tokenizeContinuation(split[1], false);
                int[] joined = Arrays.copyOf(first, first.length + rest.length);
                System.arraycopy(rest, 0, joined, first.length, rest.length);
                assertArrayEquals(whole, joined, split[0] + "|" + split[1]);
            }
        }
    }
}
