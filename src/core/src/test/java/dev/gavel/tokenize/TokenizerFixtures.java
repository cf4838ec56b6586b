package dev.gavel.tokenize;

import dev.gavel.gguf.GgmlType;
import dev.gavel.gguf.HuggingFaceVocabulary;
import dev.gavel.gguf.ModelShape;
import dev.gavel.gguf.ModelSynthesizer;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Tiny random models carrying the shared tokenizers' real vocabularies, written once per JVM. */
final class TokenizerFixtures {
    static final String SMOLLM2 = "smollm2-135m/tokenizer.json";
    static final String QWEN3 = "qwen3/tokenizer.json";

    private TokenizerFixtures() {
    }

    /** A tiny-shaped model whose GGUF vocabulary is built from the tokenizer.json with the given llama.cpp pre-tokenizer. */
    static Path model(String tokenizer, String preTokenizer) {
        Path json = SharedFixtures.tokenizer(tokenizer);
        String name = "tok-" + tokenizer.substring(0, tokenizer.indexOf('/')) + "-" + preTokenizer;
        try {
            return TestModels.synthesize(name, ModelSynthesizer.builder(ModelShape.TINY_TIED).weightType(GgmlType.Q8_0)
                    .seed(7).vocabulary(HuggingFaceVocabulary.fromTokenizerJson(json, preTokenizer)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
