package dev.gavel.springai;

import dev.gavel.JudgeException;

/**
 * The judge could not grade an evaluation request (for example it does not fit the context, or
 * the waiting thread was interrupted). Unchecked because Spring AI's {@code Evaluator} declares
 * no checked exception; {@link #getCause()} is the judge's {@link JudgeException}, whose
 * {@code reason()} ({@code INPUT_TOO_LONG}, ...) says what went wrong.
 */
public final class GavelEvaluationException extends RuntimeException {
    public GavelEvaluationException(String message, JudgeException cause) {
        super(message, cause);
    }

    @Override
    public synchronized JudgeException getCause() {
        return (JudgeException) super.getCause();
    }
}
