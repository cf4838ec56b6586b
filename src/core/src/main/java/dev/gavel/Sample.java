package dev.gavel;

import java.util.Objects;

/**
 * One of the k generations behind an absolute judgment.
 *
 * @param score        the option the sample chose at the constrained score position
 * @param distribution the model's probabilities over the options at that position
 * @param feedback     the sample's feedback text, trimmed ("" in score-only mode)
 * @param seed         the sampling seed used
 */
public record Sample(int score, ScoreDistribution distribution, String feedback, long seed) {
    public Sample {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(feedback, "feedback");
    }
}
