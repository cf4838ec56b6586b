package dev.gavel.llama;

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
        Jllama reference = Jllama.on(file, 512);
        TEXTS.forEach(reference::encode);
        Jllama.Answers theirs = reference.run();
        try (dev.gavel.llama.LlamaModel ours = dev.gavel.llama.LlamaModel.load(file, ModelOptions.defaults())) {
            for (int i = 0; i < TEXTS.size(); i++) {
                // jllama's encode tokenises without BOS and parses special-token text; b4916 and
                // the bundled llama.cpp must agree on the Llama-2 vocabulary.
                assertArrayEquals(theirs.ids(i), ours.vocabulary().tokenize(TEXTS.get(i), false, true), TEXTS.get(i));
            }
        }
    }
}
