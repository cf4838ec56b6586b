package dev.gavel.judge.recipe;

import dev.gavel.format.RenderedPrompt;

import java.util.Objects;

/**
 * A judge prompt ready for the engine: what {@link JudgeRecipe} makes of a request. The judge
 * shows it to callers as a {@code dev.gavel.judge.JudgePrompt}.
 *
 * @param prompt       the rendered prompt, with its responses shortened when {@code elided}
 * @param tokens       the ids the engine runs, BOS first when the tokenizer adds one
 * @param elided       whether the middle of a response was cut so that the prompt fits the context
 * @param answerTokens tokens the answer may append (feedback, marker, verdict): the engine
 *                     request's token budget, which must fit the context beside the prompt
 */
public record PreparedPrompt(RenderedPrompt prompt, int[] tokens, boolean elided, int answerTokens) {
    public PreparedPrompt {
        Objects.requireNonNull(prompt, "prompt");
        tokens = Objects.requireNonNull(tokens, "tokens").clone();
        if (answerTokens < 1) {
            throw new IllegalArgumentException("answerTokens must be >= 1, got " + answerTokens);
        }
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** Prompt tokens. */
    public int length() {
        return tokens.length;
    }

    /** Prompt plus answer budget: the KV cells the request needs. */
    public int totalTokens() {
        return tokens.length + answerTokens;
    }

    /** The same prompt, marked as the product of eliding. */
    public PreparedPrompt asElided() {
        return new PreparedPrompt(prompt, tokens, true, answerTokens);
    }
}
