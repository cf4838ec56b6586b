package dev.gavel.engine;

import dev.gavel.ScoreDistribution;

import java.util.Objects;

/**
 * One constrained choice made during a generation.
 *
 * @param option       the option chosen, exactly as given in the constraint (e.g. {@code "5"})
 * @param surface      the text the model actually produced for it (e.g. {@code " 5"})
 * @param distribution the model's probabilities over all options at that choice
 */
public record ChoiceResult(String option, String surface, ScoreDistribution distribution) {
    public ChoiceResult {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(surface, "surface");
        Objects.requireNonNull(distribution, "distribution");
    }
}
