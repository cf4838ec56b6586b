package dev.gavel.judge;

import dev.gavel.OrderResult;
import dev.gavel.PairwiseJudgment;
import dev.gavel.Provenance;
import dev.gavel.ScoreDistribution;
import dev.gavel.Timings;
import dev.gavel.TokenCounts;
import dev.gavel.Winner;

/** Reads one presentation order of a comparison in the request's labels, and combines the two orders. */
final class OrderAggregation {
    /** See {@link Judge#TIE_MARGIN}. */
    static final double TIE_MARGIN = 0.05;

    private OrderAggregation() {
    }

    /**
     * One order's verdict in the request's labels: when the responses were shown swapped, the
     * first option (the first response shown) is B, so the masses are swapped back and the
     * distribution, the winner and probabilityA all speak of the request's A and B.
     *
     * @param chosen the option the judge chose
     * @param shown  its distribution over the options as shown (first shown, second shown)
     */
    static OrderResult order(String chosen, ScoreDistribution shown, String feedback, boolean swapped) {
        ScoreDistribution d = swapped
                ? new ScoreDistribution(shown.options(), new double[] {shown.mass(1), shown.mass(0)}, shown.allowedMass())
                : shown;
        boolean firstChosen = shown.options().indexOf(chosen) == 0;
        Winner winner = firstChosen != swapped ? Winner.A : Winner.B;
        return new OrderResult(swapped, winner, d.probability(0), d, feedback);
    }

    /**
     * The comparison's verdict: the mean probability of A over the orders decides; with ties
     * allowed it is a tie when the orders disagree or A's probability is within
     * {@link #TIE_MARGIN} of one half; an exact half goes to the forward order's winner.
     *
     * @param reversed the reversed order's verdict, or null when only the forward order ran
     */
    static PairwiseJudgment judgment(OrderResult forward, OrderResult reversed, boolean allowTies, TokenCounts tokens,
                                     Timings timings, Provenance provenance) {
        double pA = reversed == null ? forward.probabilityA() : (forward.probabilityA() + reversed.probabilityA()) / 2;
        boolean consistent = reversed == null || forward.winner() == reversed.winner();
        Winner winner;
        if (allowTies && (!consistent || Math.abs(pA - 0.5) < TIE_MARGIN)) {
            winner = Winner.TIE;
        } else if (pA > 0.5) {
            winner = Winner.A;
        } else if (pA < 0.5) {
            winner = Winner.B;
        } else {
            winner = forward.winner();
        }
        return new PairwiseJudgment(winner, pA, consistent, forward, reversed, forward.feedback(), tokens, timings,
                provenance);
    }
}
