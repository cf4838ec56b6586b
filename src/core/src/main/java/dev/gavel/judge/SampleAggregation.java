package dev.gavel.judge;

import dev.gavel.Judgment;
import dev.gavel.Provenance;
import dev.gavel.Sample;
import dev.gavel.ScoreDistribution;
import dev.gavel.Timings;
import dev.gavel.TokenCounts;

import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/** Combines the k samples of an absolute grading into one judgment: majority score, mean distribution. */
final class SampleAggregation {
    private SampleAggregation() {
    }

    /**
     * The judgment of the samples: the majority score, the mean of their distributions (and its
     * expected value and format adherence), the mean score, and the feedback of the first sample
     * that gave the majority score.
     */
    static Judgment judgment(List<Sample> samples, TokenCounts tokens, Timings timings, boolean elided,
                             Provenance provenance) {
        ScoreDistribution distribution = mean(samples.stream().map(Sample::distribution).toList());
        int majority = majority(samples);
        double mean = samples.stream().mapToInt(Sample::score).average().orElseThrow();
        String feedback = samples.stream().filter(s -> s.score() == majority).findFirst().orElseThrow().feedback();
        double expected = distribution.expectedValue().orElse(Double.NaN);
        return new Judgment(majority, distribution, expected, feedback, distribution.allowedMass(), samples, majority,
                mean, tokens, timings, elided, provenance);
    }

    /** Most frequent score; ties go to the higher summed probability, then to the lower score. */
    static int majority(List<Sample> samples) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        TreeMap<Integer, Double> mass = new TreeMap<>();
        for (Sample s : samples) {
            counts.merge(s.score(), 1, Integer::sum);
        }
        for (int score : counts.keySet()) {
            double sum = 0;
            for (Sample s : samples) {
                int i = s.distribution().options().indexOf(Integer.toString(score));
                if (i >= 0) {
                    sum += s.distribution().probability(i);
                }
            }
            mass.put(score, sum);
        }
        return counts.keySet().stream().max(Comparator.<Integer>comparingInt(counts::get)
                .thenComparingDouble(mass::get).thenComparing(Comparator.<Integer>reverseOrder())).orElseThrow();
    }

    /** The option-wise mean of distributions over the same options (the one itself when alone). */
    static ScoreDistribution mean(List<ScoreDistribution> distributions) {
        if (distributions.size() == 1) {
            return distributions.getFirst();
        }
        ScoreDistribution first = distributions.getFirst();
        double[] m = new double[first.options().size()];
        double allowed = 0;
        for (ScoreDistribution d : distributions) {
            for (int i = 0; i < m.length; i++) {
                m[i] += d.mass(i) / distributions.size();
            }
            allowed += d.allowedMass() / distributions.size();
        }
        return new ScoreDistribution(first.options(), m, allowed);
    }

    /**
     * The score an option spells.
     *
     * @throws IllegalStateException when the format's option is not an integer
     */
    static int score(String option) {
        try {
            return Integer.parseInt(option.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the judge format's option '" + option + "' is not an integer score", e);
        }
    }
}
