package dev.gavel.engine;

import java.util.Objects;

/**
 * One generation: a prompt already tokenised (the caller decides which parts parse special
 * tokens) and how to decode after it.
 */
public record GenerationRequest(int[] prompt, GenerationSpec spec) {
    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(spec, "spec");
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        prompt = prompt.clone();
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    int promptLength() {
        return prompt.length;
    }

    int[] promptUnsafe() {
        return prompt;
    }
}
