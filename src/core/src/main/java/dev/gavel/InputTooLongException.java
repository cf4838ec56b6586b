package dev.gavel;

/**
 * A request's prompt plus its generation budget does not fit the judge's context, and the
 * long-input policy is {@link JudgeOptions.LongInputPolicy#FAIL} (or eliding the response could
 * not make it fit, because the rest of the prompt alone is too long).
 */
public final class InputTooLongException extends JudgeException {
    private final int promptTokens;
    private final int budgetTokens;
    private final int contextSize;

    /**
     * @param promptTokens the prompt's length in tokens
     * @param budgetTokens tokens reserved for the judge's answer (feedback, marker, score)
     * @param contextSize  the context the request must fit
     * @param hint         what the caller can do about it
     */
    public InputTooLongException(int promptTokens, int budgetTokens, int contextSize, String hint) {
        super("judge prompt is " + promptTokens + " tokens + " + budgetTokens + " reserved for the answer = "
                + (promptTokens + budgetTokens) + ", over the context of " + contextSize + " by "
                + (promptTokens + budgetTokens - contextSize) + " tokens; " + hint);
        this.promptTokens = promptTokens;
        this.budgetTokens = budgetTokens;
        this.contextSize = contextSize;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int budgetTokens() {
        return budgetTokens;
    }

    public int contextSize() {
        return contextSize;
    }

    /** Tokens too many. */
    public int excess() {
        return promptTokens + budgetTokens - contextSize;
    }
}
