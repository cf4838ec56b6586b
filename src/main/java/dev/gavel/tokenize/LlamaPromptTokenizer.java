package dev.gavel.tokenize;

import dev.gavel.llama.Vocabulary;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@link PromptTokenizer} over llama.cpp's vocabulary.
 *
 * @param vocabulary the loaded model's vocabulary
 * @param addBos     put the model's BOS token first
 */
record LlamaPromptTokenizer(Vocabulary vocabulary, boolean addBos) implements PromptTokenizer {
    LlamaPromptTokenizer {
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (addBos && vocabulary.bos() < 0) {
            throw new IllegalArgumentException("the model has no BOS token to add");
        }
    }

    @Override
    public int[] trusted(String text) {
        return vocabulary.tokenize(text, false, true);
    }

    @Override
    public int[] untrusted(String text) {
        return vocabulary.tokenize(text, false, false);
    }

    @Override
    public OptionalInt bos() {
        return addBos ? OptionalInt.of(vocabulary.bos()) : OptionalInt.empty();
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }
}
