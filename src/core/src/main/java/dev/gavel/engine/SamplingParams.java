package dev.gavel.engine;

/**
 * How the next token is drawn once the constraint has said which tokens are allowed. Mirrors the
 * llama.cpp chain used by its common sampler: top-k, then top-p, then min-p, then temperature,
 * then a draw from the remaining candidates.
 *
 * @param temperature {@code <= 0} means greedy (argmax, ties to the lowest id); the other fields
 *                    are then irrelevant because none of the filters can remove the argmax
 * @param topK        keep the {@code topK} highest logits; {@code <= 0} disables
 * @param topP        keep the smallest set of best tokens whose probability (softmax at
 *                    temperature 1 over the survivors of top-k) reaches {@code topP}; {@code >= 1} disables
 * @param minP        keep tokens whose probability is at least {@code minP} times the best one's;
 *                    {@code <= 0} disables
 * @param seed        seed of the request's own random stream, so a request's tokens never depend on
 *                    what else is in the batch
 */
public record SamplingParams(float temperature, int topK, float topP, float minP, long seed) {

    public SamplingParams {
        if (Float.isNaN(temperature) || Float.isNaN(topP) || Float.isNaN(minP)) {
            throw new IllegalArgumentException("sampling parameters must not be NaN");
        }
        if (topP <= 0f) {
            throw new IllegalArgumentException("topP must be > 0 (1 disables it): " + topP);
        }
        if (minP >= 1f) {
            throw new IllegalArgumentException("minP must be < 1 (0 disables it): " + minP);
        }
    }

    /** Argmax decoding: deterministic, the usual setting for a judge. */
    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0f, 0L);
    }

    public boolean isGreedy() {
        return temperature <= 0f;
    }
}
