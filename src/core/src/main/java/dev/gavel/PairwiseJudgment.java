package dev.gavel;

import java.util.Objects;

/**
 * The result of comparing two responses.
 *
 * @param winner       A, B, or TIE (only when ties are allowed)
 * @param probabilityA probability that response A is better: the mean over the orders run of the
 *                     renormalised probability the judge gave to A's position
 * @param consistent   true when both orders picked the same response (true when one order ran)
 * @param forward      the verdict with the responses as given
 * @param reversed     the verdict with the responses swapped, or null when only one order ran
 * @param feedback     the forward order's feedback
 * @param tokens       token counts over both orders
 * @param timings      timings over both orders
 * @param provenance   model, format, template and sampling identity
 */
public record PairwiseJudgment(Winner winner, double probabilityA, boolean consistent, OrderResult forward,
                               OrderResult reversed, String feedback, TokenCounts tokens, Timings timings,
                               Provenance provenance) {
    public PairwiseJudgment {
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(provenance, "provenance");
    }
}
