package dev.gavel;

import java.util.List;
import java.util.Objects;

/**
 * The result of grading one response on a rubric.
 *
 * <p>With one sample, {@code score} is the option chosen at the constrained score position (the
 * argmax of {@code distribution} under greedy decoding). With k samples it is the majority of
 * the samples' scores (ties broken by the higher summed probability, then the lower score), and
 * {@code distribution} is the mean of the samples' distributions.
 *
 * @param score           the score
 * @param distribution    the judge's probabilities over the rubric's scores (mean over samples);
 *                        {@link ScoreDistribution#probabilities()} is the normalised view the
 *                        command line writes
 * @param expectedScore   expected score under {@code distribution}, renormalised over the options
 * @param feedback        the feedback of the first sample that gave {@code score} ("" in score-only mode)
 * @param formatAdherence probability mass the judge put on well-formed scores at the score
 *                        position (mean over samples); low values mean the judge did not want to
 *                        answer in the format and the score was forced
 * @param samples         every sample, in seed order (one when k = 1)
 * @param majorityScore   majority of the sample scores (equals {@code score})
 * @param meanScore       mean of the sample scores
 * @param tokens          token counts
 * @param timings         timings
 * @param elided          true when the middle of the response was cut to fit the context
 * @param provenance      model, format, template and sampling identity
 */
public record Judgment(int score, ScoreDistribution distribution, double expectedScore, String feedback,
                       double formatAdherence, List<Sample> samples, int majorityScore, double meanScore,
                       TokenCounts tokens, Timings timings, boolean elided, Provenance provenance) {
    public Judgment {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(feedback, "feedback");
        samples = List.copyOf(samples);
        Objects.requireNonNull(provenance, "provenance");
    }
}
