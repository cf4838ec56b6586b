package dev.gavel;

import java.util.Objects;

/**
 * The judge's verdict for one presentation order of a pairwise comparison.
 *
 * @param swapped      true when the responses were presented as (B, A)
 * @param winner       the response picked, in the request's own terms (A or B, never TIE)
 * @param probabilityA probability of the request's response A, renormalised over the two options
 * @param distribution the raw distribution over the options as presented (first, second)
 * @param feedback     the judge's feedback in this order, trimmed
 */
public record OrderResult(boolean swapped, Winner winner, double probabilityA, ScoreDistribution distribution,
                          String feedback) {
    public OrderResult {
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(feedback, "feedback");
    }
}
