package dev.gavel.tokenize;

/**
 * Measured speeds of a judge model on the target machine (from a benchmark run), used to
 * estimate a run's duration before loading the model.
 *
 * @param promptTokensPerSecond    prompt processing (prefill) speed
 * @param generatedTokensPerSecond generation speed over all parallel sequences together
 */
public record Throughput(double promptTokensPerSecond, double generatedTokensPerSecond) {
    public Throughput {
        if (!(promptTokensPerSecond > 0) || !(generatedTokensPerSecond > 0)) {
            throw new IllegalArgumentException("throughput figures must be positive: prompt " + promptTokensPerSecond
                    + " tokens/s, generated " + generatedTokensPerSecond + " tokens/s");
        }
    }
}
