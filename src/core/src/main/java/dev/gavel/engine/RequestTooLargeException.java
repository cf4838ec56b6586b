package dev.gavel.engine;

import dev.gavel.GavelException;

/** A request that can never fit the engine's context: prompt plus token budget exceed its KV cells. */
public final class RequestTooLargeException extends GavelException {
    private final int needed;
    private final int available;

    public RequestTooLargeException(int promptTokens, int maxTokens, int contextSize) {
        super("request needs " + promptTokens + " prompt tokens + up to " + maxTokens + " generated tokens = "
                + (promptTokens + maxTokens) + " KV cells, but the context has " + contextSize
                + "; shorten the input, lower the token budget, or raise the context size");
        this.needed = promptTokens + maxTokens;
        this.available = contextSize;
    }

    public int needed() {
        return needed;
    }

    public int available() {
        return available;
    }
}
