package dev.gavel.tokenize;

import java.util.Objects;

/**
 * One item to plan: the token ids of its judge prompt and the tokens reserved for its answer, as
 * the judge's recipe prepares them ({@code dev.gavel.judge.recipe.JudgeRecipe}).
 *
 * @param id           the item's id, e.g. {@code "vicuna-12-llama-2-chat"}
 * @param tokens       the prompt's ids, BOS included when the tokenizer adds one
 * @param answerTokens tokens the answer may append (the engine request's budget)
 */
public record PlannedPrompt(String id, int[] tokens, int answerTokens) {
    public PlannedPrompt {
        Objects.requireNonNull(id, "id");
        tokens = Objects.requireNonNull(tokens, "tokens").clone();
        if (answerTokens < 0) {
            throw new IllegalArgumentException("answerTokens must be >= 0, got " + answerTokens);
        }
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }
}
