package dev.gavel.engine;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one {@link GenerationRequest}.
 *
 * @param tokens          generated token ids (sampled and forced), in order
 * @param text            the free text (for a marker-then-choice spec: without the marker)
 * @param finishReason    why generation stopped
 * @param choices         constrained choices made, each with its score distribution
 * @param promptTokens    prompt length
 * @param reusedTokens    prompt tokens whose KV came from the prefix cache
 * @param queued          time from submission to admission
 * @param timeToFirstToken time from submission to the first sampled token
 * @param total           time from submission to completion
 */
public record Generation(int[] tokens, String text, FinishReason finishReason, List<ChoiceResult> choices,
                         int promptTokens, int reusedTokens, Duration queued, Duration timeToFirstToken,
                         Duration total) {
    public Generation {
        tokens = tokens.clone();
        choices = List.copyOf(choices);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    public int generatedTokens() {
        return tokens.length;
    }

    /** Prompt tokens this request computed itself. */
    public int computedPromptTokens() {
        return promptTokens - reusedTokens;
    }
}
