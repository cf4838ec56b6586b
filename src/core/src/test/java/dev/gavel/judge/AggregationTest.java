package dev.gavel.judge;

import dev.gavel.Judgment;
import dev.gavel.OrderResult;
import dev.gavel.PairwiseJudgment;
import dev.gavel.Provenance;
import dev.gavel.Sample;
import dev.gavel.ScoreDistribution;
import dev.gavel.Timings;
import dev.gavel.TokenCounts;
import dev.gavel.Winner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sample and order aggregation on hand-made distributions. */
class AggregationTest {
    static final List<String> SCORES = List.of("1", "2", "3");
    static final List<String> SIDES = List.of("A", "B");
    static final TokenCounts TOKENS = new TokenCounts(10, 0, 2, 1);
    static final Timings TIMINGS = new Timings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(1));
    static final Provenance PROVENANCE = new Provenance("0".repeat(64), "m", "llama", "F32", "f", "0".repeat(64),
            "chatml", "feedback-then-score", 1, 0f, 0, 1f, 0f, 0, "test");

    private static ScoreDistribution scores(double... mass) {
        return new ScoreDistribution(SCORES, mass, 1);
    }

    @Test
    void majorityTieGoesToHigherSummedProbabilityThenToTheLowerScore() {
        ScoreDistribution favours2 = scores(0.1, 0.8, 0.1);
        ScoreDistribution favours3 = scores(0.1, 0.2, 0.7);
        assertEquals(3, SampleAggregation.majority(List.of(new Sample(2, favours3, "", 0), new Sample(3, favours3, "", 1))));
        assertEquals(2, SampleAggregation.majority(List.of(new Sample(2, favours2, "", 0), new Sample(3, favours2, "", 1))));
        assertEquals(1, SampleAggregation.majority(List.of(new Sample(1, favours3, "", 0), new Sample(1, favours3, "", 1),
                new Sample(3, favours3, "", 2))), "more votes win over more mass");
        ScoreDistribution even = scores(0.2, 0.4, 0.4);
        assertEquals(2, SampleAggregation.majority(List.of(new Sample(3, even, "", 0), new Sample(2, even, "", 1))),
                "equal votes and mass: the lower score");
    }

    @Test
    void kSamplesGiveTheMajorityTheMeanDistributionAndTheMajoritysFirstFeedback() {
        List<Sample> samples = List.of(new Sample(3, scores(0, 0.2, 0.8), "three", 7),
                new Sample(2, scores(0, 0.6, 0.4), "two", 8), new Sample(2, scores(0.2, 0.8, 0), "two again", 9));
        Judgment j = SampleAggregation.judgment(samples, TOKENS, TIMINGS, true, PROVENANCE);
        assertEquals(2, j.score());
        assertEquals("two", j.feedback());
        assertArrayEquals(new double[] {0.2 / 3, 1.6 / 3, 1.2 / 3}, j.distribution().optionMass(), 1e-12);
        assertEquals(7.0 / 3, j.meanScore(), 1e-12);
        assertEquals(j.distribution().expectedValue().orElseThrow(), j.expectedScore(), 1e-12);
        assertTrue(j.elided());
        assertEquals(samples, j.samples());
        ScoreDistribution one = scores(0.5, 0.5, 0);
        assertEquals(one, SampleAggregation.mean(List.of(one)), "one sample is its own mean");
    }

    @Test
    void scoresAreTheOptionsIntegers() {
        assertEquals(-1, SampleAggregation.score(" -1"));
        assertThrows(IllegalStateException.class, () -> SampleAggregation.score("A"));
    }

    @Test
    void aSwappedOrderSpeaksOfTheRequestsAAndB() {
        ScoreDistribution shown = new ScoreDistribution(SIDES, new double[] {0.7, 0.3}, 0.9);
        OrderResult forward = OrderAggregation.order("A", shown, "first is better", false);
        assertEquals(Winner.A, forward.winner());
        assertEquals(0.7, forward.probabilityA(), 1e-12);
        // Shown swapped, the first response shown is B: choosing it means B wins, and A's mass is the second.
        OrderResult reversed = OrderAggregation.order("A", shown, "first is better", true);
        assertEquals(Winner.B, reversed.winner());
        assertEquals(0.3, reversed.probabilityA(), 1e-12);
        assertArrayEquals(new double[] {0.3, 0.7}, reversed.distribution().optionMass(), 1e-12);
        assertEquals(0.9, reversed.distribution().allowedMass(), 1e-12);
        assertTrue(reversed.swapped());
    }

    @Test
    void ordersCombineByMeanProbabilityWithTiesWhenAsked() {
        ScoreDistribution a = new ScoreDistribution(SIDES, new double[] {0.8, 0.2}, 1);
        ScoreDistribution b = new ScoreDistribution(SIDES, new double[] {0.3, 0.7}, 1);
        OrderResult forwardA = OrderAggregation.order("A", a, "f", false);
        OrderResult reversedSaysB = OrderAggregation.order("A", a, "r", true);   // pA 0.2
        OrderResult reversedSaysA = OrderAggregation.order("B", b, "r", true);   // pA 0.7

        PairwiseJudgment agree = OrderAggregation.judgment(forwardA, reversedSaysA, true, TOKENS, TIMINGS, PROVENANCE);
        assertEquals(Winner.A, agree.winner());
        assertEquals(0.75, agree.probabilityA(), 1e-12);
        assertTrue(agree.consistent());
        assertEquals("f", agree.feedback());

        PairwiseJudgment disagree = OrderAggregation.judgment(forwardA, reversedSaysB, true, TOKENS, TIMINGS, PROVENANCE);
        assertFalse(disagree.consistent());
        assertEquals(Winner.TIE, disagree.winner(), "orders that disagree are a tie when ties are allowed");
        assertEquals(Winner.A, OrderAggregation.judgment(forwardA, reversedSaysB, false, TOKENS, TIMINGS, PROVENANCE)
                .winner(), "else the mean decides: (0.8 + 0.2) / 2 is exactly a half, so the forward order's winner");

        OrderResult close = OrderAggregation.order("A", new ScoreDistribution(SIDES, new double[] {0.53, 0.47}, 1), "", false);
        assertEquals(Winner.TIE, OrderAggregation.judgment(close, null, true, TOKENS, TIMINGS, PROVENANCE).winner(),
                "within the margin of a half");
        PairwiseJudgment one = OrderAggregation.judgment(close, null, false, TOKENS, TIMINGS, PROVENANCE);
        assertEquals(Winner.A, one.winner());
        assertNull(one.reversed());
        assertTrue(one.consistent());
        assertEquals(Judge.TIE_MARGIN, OrderAggregation.TIE_MARGIN);
    }
}
