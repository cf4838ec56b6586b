package dev.gavel.engine;

/**
 * The model produced NaN or infinite logits where a score is read, so no score distribution
 * exists. A model with corrupt or overflowing weights does this; the request fails with this
 * error instead of a meaningless score.
 */
public final class NonFiniteLogitsException extends RuntimeException {
    public NonFiniteLogitsException(String message) {
        super(message);
    }
}
