package dev.gavel.engine;

import dev.gavel.llama.Vocabulary;

/**
 * Adapts llama.cpp's vocabulary to what the decoding side needs. The binding does not implement
 * {@link TokenVocabulary} itself, so that {@code llama} never imports from the engine above it.
 */
record LlamaTokenVocabulary(Vocabulary vocabulary) implements TokenVocabulary {

    @Override
    public int size() {
        return vocabulary.size();
    }

    @Override
    public byte[] tokenBytes(int token) {
        return vocabulary.tokenBytes(token);
    }

    @Override
    public boolean isEndOfGeneration(int token) {
        return vocabulary.isEndOfGeneration(token);
    }

    @Override
    public boolean isControl(int token) {
        return vocabulary.isControl(token);
    }

    @Override
    public int[] tokenize(String text) {
        return vocabulary.tokenize(text);
    }
}
