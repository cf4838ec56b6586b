package dev.gavel.jobs;

import dev.gavel.InputTooLongException;
import dev.gavel.JudgeException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the commands (and the Spark job, which writes the same records) treat a failed judgment,
 * decided by the failure's type and {@link JudgeException#reason() reason}, never by its text:
 * whose failure it is, the {@code error_type} of its record, and its message in the commands'
 * flag terms.
 */
public final class JudgeFailures {
    private JudgeFailures() {
    }

    /** The failure itself, out of the future wrappers around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Whether the failure belongs to the item, so its record says so and the run goes on: a
     * request the judge refused at the call ({@link IllegalArgumentException}: the format cannot
     * take it) or a judge exception whose reason concerns this request alone. Anything else (a
     * closed or broken judge, an unexpected exception) is the judge's, and the items it hit are
     * left for a rerun.
     */
    public static boolean isItemFailure(Throwable cause) {
        return cause instanceof IllegalArgumentException
                || cause instanceof JudgeException j && j.reason().isRequestFailure();
    }

    /** The record's {@code error_type}: "input_too_long", "judge" for other judge exceptions, "invalid_request". */
    public static String errorType(Throwable cause) {
        if (cause instanceof JudgeException j) {
            return j.reason() == JudgeException.Reason.INPUT_TOO_LONG ? "input_too_long" : "judge";
        }
        return "invalid_request";
    }

    /**
     * The record's {@code error}: {@link #describe} and, for an input that is too long, how to
     * judge the item again once the flags are changed.
     */
    public static String message(Throwable cause) {
        String what = describe(cause);
        return cause instanceof InputTooLongException ? what + "; then rerun with --resume --retry-errors" : what;
    }

    /** What went wrong, with the remedies of an input that is too long told in the judging flags. */
    public static String describe(Throwable cause) {
        if (cause instanceof InputTooLongException e) {
            return e.message(JudgeFailures::inFlagTerms);
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** A remedy in the words of the judging commands' flags. */
    static String inFlagTerms(InputTooLongException.Remedy remedy) {
        return switch (remedy) {
            case SHORTEN_RESPONSE -> "shorten the response";
            case LOWER_FEEDBACK_TOKENS -> "lower --feedback-tokens";
            case RAISE_CONTEXT_SIZE -> "raise --context";
            case ELIDE_RESPONSE_MIDDLE -> "pass --long-input elide";
        };
    }
}
