package dev.gavel.data;

import java.util.Map;
import java.util.Objects;

/**
 * A judge's output for one dataset item, as read from a predictions file or produced by a judge.
 *
 * @param id           id of the dataset item it answers
 * @param value        the verdict: a score (direct assessment), a winner 1/2/0=tie (pairwise, in
 *                     the dataset's own response order even when {@code swapped}), or the index
 *                     of the first wrong step, -1 for none (step labels)
 * @param swapped      true when the judge was shown the two responses in reverse order
 * @param distribution optional probabilities per label (keys as the labels print, e.g. "1".."5"
 *                     or "1"/"2"/"0"), for calibration; empty when the judge gave none
 * @param unparsed     true when the judge's output could not be read as a verdict; {@code value}
 *                     then holds the fallback the benchmark's convention prescribes (PandaLM: tie)
 */
public record Prediction(String id, double value, boolean swapped, Map<String, Double> distribution,
                         boolean unparsed) {
    public Prediction {
        Objects.requireNonNull(id, "id");
        distribution = Map.copyOf(distribution);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("prediction value must be finite, got " + value);
        }
    }

    /** A parsed verdict in the dataset's response order, without a distribution. */
    public static Prediction of(String id, double value) {
        return new Prediction(id, value, false, Map.of(), false);
    }
}
