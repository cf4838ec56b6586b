package dev.gavel.engine;

import dev.gavel.ScoreDistribution;

import java.util.Objects;

/**
 * One constrained choice made during a generation.
 *
 * <p>{@code option} is always consistent with {@code distribution}: its argmax under greedy
 * decoding, drawn from it under sampling (see {@code ChoiceScorer}).
 *
 * @param option       the option chosen, exactly as given in the constraint (e.g. {@code "5"})
 * @param surface      the text the model produced at the choice (e.g. {@code " 5"}); it spells the
 *                     option, except under greedy decoding when options share a prefix
 *                     ({@code "1"}, {@code "10"}) and what the model said after the prefix made an
 *                     option outside it the most likely: then it holds the prefix only
 * @param distribution the model's probabilities over all options at that choice
 */
public record ChoiceResult(String option, String surface, ScoreDistribution distribution) {
    public ChoiceResult {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(surface, "surface");
        Objects.requireNonNull(distribution, "distribution");
    }
}
