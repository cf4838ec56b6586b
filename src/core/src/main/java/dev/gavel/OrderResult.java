package dev.gavel;

import java.util.Objects;

/**
 * The judge's verdict for one presentation order of a pairwise comparison. Every field speaks of
 * the request's responses A and B, whichever position each was shown in: with the responses
 * swapped, the mass the judge gave the first position shown is B's.
 *
 * @param swapped      true when the responses were presented as (B, A)
 * @param winner       the response picked (A or B, never TIE)
 * @param probabilityA probability of response A, renormalised over the two options
 * @param distribution the distribution over (A, B): the format's first option stands for A and the
 *                     second for B, so {@code distribution.probability(0) == probabilityA}
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
