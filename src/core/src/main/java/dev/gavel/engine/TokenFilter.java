package dev.gavel.engine;

/**
 * A token-level constraint realised outside this package, typically llama.cpp's grammar sampler
 * behind the native binding. One instance per request, used only by the engine's loop thread.
 */
public interface TokenFilter extends AutoCloseable {

    /**
     * Sets to negative infinity the logit of every token the constraint forbids next, leaving the
     * others unchanged. {@code logits} holds the whole vocabulary and is a scratch copy owned by
     * the caller. End-of-generation tokens must be left allowed only where the constraint may end.
     */
    void apply(float[] logits);

    /** Advances the constraint over the token that was chosen. */
    void accept(int token);

    /** Releases native resources; called once, when the request finishes or is dropped. */
    @Override
    void close();

    /** Creates the filter for a {@link ConstraintSpec.Grammar}; supplied by the native binding. */
    @FunctionalInterface
    interface Factory {
        TokenFilter create(ConstraintSpec.Grammar grammar);
    }
}
