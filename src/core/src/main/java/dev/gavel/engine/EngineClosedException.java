package dev.gavel.engine;

/**
 * The engine is closed, or closed before a queued request started. A subtype of
 * {@link IllegalStateException} so callers of the closed engine get the documented type, and so
 * the judge can tell "closed" from other failures by type rather than by message.
 */
public final class EngineClosedException extends IllegalStateException {
    public EngineClosedException(String message) {
        super(message);
    }
}
