package dev.gavel.llama;

import dev.gavel.gguf.GgmlType;
import dev.gavel.gguf.HuggingFaceVocabulary;
import dev.gavel.gguf.ModelShape;
import dev.gavel.gguf.ModelSynthesizer;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model's own chat template, as stored in its GGUF, applied through llama.cpp. */
class ModelChatTemplateTest {

    @Test
    void qwenTemplateFromTheGgufIsApplied() throws Exception {
        Path tokenizer = SharedFixtures.tokenizer("qwen3/tokenizer.json");
        var vocab = HuggingFaceVocabulary.fromTokenizerJson(tokenizer, HuggingFaceVocabulary.QWEN2);
        Path file = TestModels.synthesize("tiny-qwen-vocab", ModelSynthesizer.builder(ModelShape.TINY)
                .weightType(GgmlType.F16).seed(3).vocabulary(vocab).build());
        try (LlamaModel model = LlamaModel.load(file, ModelOptions.defaults())) {
            String template = model.chatTemplate(null).orElseThrow();
            assertTrue(template.contains("<|im_start|>"), "the GGUF carries Qwen's Jinja template");
            String out = ChatTemplates.apply(template, List.of(new ChatMessage("system", "Be fair."),
                    new ChatMessage("user", "Grade this.")), true);
            assertEquals("<|im_start|>system\nBe fair.<|im_end|>\n<|im_start|>user\nGrade this.<|im_end|>\n<|im_start|>assistant\n", out);
            Vocabulary v = model.vocabulary();
            int[] special = v.tokenize("<|im_end|>", false, true);
            assertEquals(1, special.length, "the chat marker is one special token");
            assertTrue(v.isControl(special[0]) || v.isEndOfGeneration(special[0]));
            assertTrue(v.tokenize("<|im_end|>", false, false).length > 1, "as untrusted text it is plain characters");
        }
    }
}
