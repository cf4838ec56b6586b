package dev.gavel.tokenize;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@link PromptTokenizer} over a Hugging Face tokenizer.json.
 *
 * @param tokenizer the loaded tokenizer; the caller closes it
 * @param bos       the id put first, or empty
 */
record HfPromptTokenizer(HfTokenizer tokenizer, OptionalInt bos) implements PromptTokenizer {
    HfPromptTokenizer {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(bos, "bos");
        if (bos.isPresent() && (bos.getAsInt() < 0 || bos.getAsInt() >= tokenizer.size())) {
            throw new IllegalArgumentException("BOS id " + bos.getAsInt() + " outside the tokenizer's vocabulary (0.."
                    + (tokenizer.size() - 1) + ")");
        }
    }

    @Override
    public int[] trusted(String text) {
        return tokenizer.encode(text);
    }

    @Override
    public int[] untrusted(String text) {
        return tokenizer.encodeUntrusted(text);
    }

    @Override
    public int vocabularySize() {
        return tokenizer.size();
    }
}
