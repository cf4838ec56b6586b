package dev.gavel.judge;

import java.util.Objects;

/**
 * The prompt a judge runs for a request, as {@link Judge#prompt(dev.gavel.AbsoluteRequest)}
 * shows it before judging: to inspect what the model reads, or to count its tokens.
 *
 * @param text         the prompt text, chat template included, with its responses shortened
 *                     when {@code elided}
 * @param tokens       the ids the engine runs, BOS first when the tokenizer adds one
 * @param elided       whether the middle of a response was cut so that the prompt fits the context
 * @param answerTokens tokens the answer may append (feedback, marker, verdict): the request's
 *                     token budget, which must fit the context beside the prompt
 */
public record JudgePrompt(String text, int[] tokens, boolean elided, int answerTokens) {
    public JudgePrompt {
        Objects.requireNonNull(text, "text");
        tokens = Objects.requireNonNull(tokens, "tokens").clone();
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
}
