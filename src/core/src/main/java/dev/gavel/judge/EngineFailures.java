package dev.gavel.judge;

import dev.gavel.InputTooLongException;
import dev.gavel.JudgeException;
import dev.gavel.JudgeException.Reason;
import dev.gavel.engine.DecodeFailedException;
import dev.gavel.engine.EngineClosedException;
import dev.gavel.engine.NonFiniteLogitsException;
import dev.gavel.engine.RequestTooLargeException;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** The engine's failures in the judge's terms, told apart by their type, never by their message. */
final class EngineFailures {
    private EngineFailures() {
    }

    /**
     * What a caller sees for a failed engine request: a {@link JudgeException} with the reason, a
     * cancellation as is, and an {@link Error} as is.
     */
    static Throwable translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return switch (cause) {
            case RequestTooLargeException e -> new InputTooLongException(e.needed(), 0, e.available(),
                    "the engine refused it: " + e.getMessage(), List.of());
            case JudgeException e -> e;
            case CancellationException e -> e;
            case EngineClosedException e -> new JudgeException(Reason.CLOSED,
                    "judge closed before this request started", e);
            case DecodeFailedException e -> new JudgeException(Reason.DECODE_FAILED, e.getMessage(), e);
            case NonFiniteLogitsException e -> new JudgeException(Reason.NON_FINITE_LOGITS, e.getMessage(), e);
            case RuntimeException e -> new JudgeException(Reason.ENGINE_FAILED,
                    "the engine failed on this request: " + e.getMessage(), e);
            default -> cause;
        };
    }
}
