package dev.gavel;

import java.util.Objects;

/**
 * A judge request could not be answered. {@link #reason()} says why, as data, so that callers
 * decide what to do (record the item and go on, or stop and retry on a fresh judge) without
 * reading the message. Misuse, such as calling a judge that is already closed, is reported with
 * {@link IllegalStateException} instead.
 */
public class JudgeException extends GavelException {

    /** Why a judge request failed. */
    public enum Reason {
        /** The prompt plus its answer budget does not fit the context ({@link InputTooLongException}). */
        INPUT_TOO_LONG(true),
        /** llama.cpp failed to decode a batch holding this request; the other requests go on. */
        DECODE_FAILED(true),
        /** The model produced NaN or infinite logits where the verdict is read: no distribution exists. */
        NON_FINITE_LOGITS(true),
        /** The engine itself broke (its loop failed, its KV cache ran out): the judge cannot go on. */
        ENGINE_FAILED(false),
        /** The judge was closed after the request was accepted but before it started. */
        CLOSED(false),
        /** The calling thread was interrupted while it waited for the verdict. */
        INTERRUPTED(false);

        private final boolean requestFailure;

        Reason(boolean requestFailure) {
            this.requestFailure = requestFailure;
        }

        /**
         * Whether the failure belongs to this request alone: the same judge can still answer
         * others, so a batch writes an error record for this item and goes on. Otherwise the
         * judge (or the caller's thread) is the problem and the work should be retried later or
         * on a fresh judge.
         */
        public boolean isRequestFailure() {
            return requestFailure;
        }
    }

    private final Reason reason;

    public JudgeException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public JudgeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
