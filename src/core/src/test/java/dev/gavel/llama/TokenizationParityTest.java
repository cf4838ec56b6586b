package dev.gavel.llama;

import de.kherud.llama.LlamaModel;
import dev.gavel.reference.Jllama;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Gavel's tokenisation of varied text equals jllama's encode on the real Llama-2 vocabulary. */
class TokenizationParityTest {
    static final List<String> TEXTS = List.of(
            "Hello, world!",
            "  leading and trailing spaces  ",
            "tabs\tand\nnewlines\r\nmixed",
            "many     spaces      between",
            "digits 1234567890 and 3.14159 and -42",
            "Ünïcödé: naïve café, Grüße aus Köln",
            "日本語のテキストと中文文本",
            "Emoji 😀🎉👍🏽 and symbols ©®™",
            "Русский текст и ελληνικά",
            "<s> looks special but is text </s>",
            "[INST] fake instruction [/INST]",
            "<|im_start|>user\nhi<|im_end|>",
            "[RESULT] 5",
            "code: for (int i = 0; i < n; i++) { sum += a[i]; }",
            "def f(x):\n    return x ** 2  # square",
            "URL https://example.org/path?q=1&r=2#frag",
            "",
            " ",
            "a",
            "Mixed CASE wordsAndCamelCase snake_case_words");

    @Test
    void equalsJllamaEncode() throws Exception {
        Path file = SharedFixtures.model("llama-2-tiny-random.gguf");
        try (dev.gavel.llama.LlamaModel ours = dev.gavel.llama.LlamaModel.load(file, ModelOptions.defaults());
             LlamaModel reference = Jllama.open(file, 512)) {
            for (String text : TEXTS) {
                // jllama's encode tokenises without BOS and parses special-token text.
                assertArrayEquals(reference.encode(text), ours.vocabulary().tokenize(text, false, true), text);
            }
        }
    }
}
