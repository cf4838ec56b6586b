package dev.gavel;

import java.util.Objects;

/**
 * The result of checking a step-by-step solution.
 *
 * @param firstWrongStep index (from 0) of the earliest wrong step, or -1 when all steps are correct
 * @param distribution   the judge's probabilities over "-1", "0" .. "n-1"
 * @param feedback       the judge's critique, trimmed ("" in score-only mode)
 * @param tokens         token counts
 * @param timings        timings
 * @param provenance     model, format, template and sampling identity
 */
public record StepJudgment(int firstWrongStep, ScoreDistribution distribution, String feedback, TokenCounts tokens,
                           Timings timings, Provenance provenance) {
    public StepJudgment {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(provenance, "provenance");
    }
}
