package dev.gavel;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A request's prompt plus its answer budget does not fit the judge's context, and the long-input
 * policy does not elide (or eliding the response could not make it fit, because the rest of the
 * prompt alone is too long). Its {@link #reason()} is {@link Reason#INPUT_TOO_LONG}.
 *
 * <p>What the caller can do is kept as data ({@link #remedies()}), apart from the wording, so that
 * a front end says the same thing in its own terms: the command line renders "raise contextSize"
 * as "raise --context" through {@link #message(Function)}.
 */
public final class InputTooLongException extends JudgeException {

    /** Something that makes the request fit; {@link #inOptionTerms()} names the option to change. */
    public enum Remedy {
        SHORTEN_RESPONSE("shorten the response"),
        LOWER_FEEDBACK_TOKENS("lower feedbackTokens"),
        RAISE_CONTEXT_SIZE("raise contextSize"),
        ELIDE_RESPONSE_MIDDLE("set longInput to ELIDE_RESPONSE_MIDDLE");

        private final String inOptionTerms;

        Remedy(String inOptionTerms) {
            this.inOptionTerms = inOptionTerms;
        }

        /** The remedy worded with the judge options' names, as {@link #getMessage()} gives it. */
        public String inOptionTerms() {
            return inOptionTerms;
        }
    }

    private final int promptTokens;
    private final int budgetTokens;
    private final int contextSize;
    private final String circumstance;
    private final List<Remedy> remedies;

    /**
     * @param promptTokens the prompt's length in tokens
     * @param budgetTokens tokens reserved for the judge's answer (feedback, marker, score)
     * @param contextSize  the context the request must fit
     * @param circumstance why the usual remedies are limited (e.g. "step solutions are never
     *                     elided"), or null
     * @param remedies     what the caller can do, most direct first; may be empty
     */
    public InputTooLongException(int promptTokens, int budgetTokens, int contextSize, String circumstance,
                                 List<Remedy> remedies) {
        super(Reason.INPUT_TOO_LONG, render(promptTokens, budgetTokens, contextSize, circumstance,
                List.copyOf(remedies), Remedy::inOptionTerms));
        this.promptTokens = promptTokens;
        this.budgetTokens = budgetTokens;
        this.contextSize = contextSize;
        this.circumstance = circumstance;
        this.remedies = List.copyOf(remedies);
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

    /** What makes the request fit, most direct first. */
    public List<Remedy> remedies() {
        return remedies;
    }

    /** The message with every remedy worded by {@code wording}: how a front end with its own option names says it. */
    public String message(Function<Remedy, String> wording) {
        return render(promptTokens, budgetTokens, contextSize, circumstance, remedies, wording);
    }

    private static String render(int promptTokens, int budgetTokens, int contextSize, String circumstance,
                                 List<Remedy> remedies, Function<Remedy, String> wording) {
        Objects.requireNonNull(wording, "wording");
        StringBuilder b = new StringBuilder("judge prompt is ").append(promptTokens).append(" tokens + ")
                .append(budgetTokens).append(" reserved for the answer = ").append(promptTokens + budgetTokens)
                .append(", over the context of ").append(contextSize).append(" by ")
                .append(promptTokens + budgetTokens - contextSize).append(" tokens");
        if (circumstance != null) {
            b.append("; ").append(circumstance);
        }
        for (int i = 0; i < remedies.size(); i++) {
            b.append(i == 0 ? "; " : i < remedies.size() - 1 ? ", " : remedies.size() > 2 ? ", or " : " or ");
            b.append(wording.apply(remedies.get(i)));
        }
        return b.toString();
    }
}
