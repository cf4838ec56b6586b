package dev.gavel.judge;

import dev.gavel.InputTooLongException.Remedy;
import dev.gavel.InputTooLongException;
import dev.gavel.judge.recipe.PreparedPrompt;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Makes a judge prompt fit the context: a prompt plus its answer budget must fit the KV cells of
 * one request. Under {@link JudgeOptions.LongInputPolicy#ELIDE_RESPONSE_MIDDLE} a prompt that
 * does not fit is prepared again from the request with the middle of its responses cut, shorter
 * each time until it fits.
 */
final class ContextFit {
    /** Tokens can merge differently at a cut, so a shortened prompt is re-measured a few times at most. */
    private static final int MAX_ATTEMPTS = 8;

    private final int contextSize;
    private final JudgeOptions.LongInputPolicy policy;
    private final ResponseElision elision;
    private final Function<String, int[]> plainTokens;

    /**
     * @param plainTokens a response's tokens as untrusted text, to size the cuts
     */
    ContextFit(int contextSize, JudgeOptions.LongInputPolicy policy, ResponseElision elision,
               Function<String, int[]> plainTokens) {
        this.contextSize = contextSize;
        this.policy = policy;
        this.elision = elision;
        this.plainTokens = plainTokens;
    }

    /**
     * The request's prompt, shortened when it must be and may be.
     *
     * @param responses     the request's responses, the only text ever cut
     * @param withResponses the request with its responses replaced (same order)
     * @param prepare       renders and tokenizes a request
     * @throws InputTooLongException when the policy fails long inputs, or when even cut responses
     *                               leave the prompt too long
     */
    <Q> PreparedPrompt fit(Q request, List<String> responses, BiFunction<Q, List<String>, Q> withResponses,
                        Function<Q, PreparedPrompt> prepare) throws InputTooLongException {
        PreparedPrompt whole = prepare.apply(request);
        if (fits(whole)) {
            return whole;
        }
        if (policy == JudgeOptions.LongInputPolicy.FAIL) {
            throw tooLong(whole, null, List.of(Remedy.SHORTEN_RESPONSE, Remedy.LOWER_FEEDBACK_TOKENS,
                    Remedy.RAISE_CONTEXT_SIZE, Remedy.ELIDE_RESPONSE_MIDDLE));
        }
        List<int[]> plain = responses.stream().map(plainTokens).toList();
        int remove = whole.totalTokens() - contextSize;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<String> cut = elision.cut(responses, plain, remove);
            if (cut == null) {
                break;
            }
            PreparedPrompt shorter = prepare.apply(withResponses.apply(request, cut));
            if (fits(shorter)) {
                return shorter.asElided();
            }
            remove += shorter.totalTokens() - contextSize + 1;
        }
        throw tooLong(whole, "even with the responses elided it does not fit (instruction, rubric and reference"
                + " are never cut)", List.of(Remedy.RAISE_CONTEXT_SIZE, Remedy.LOWER_FEEDBACK_TOKENS));
    }

    /**
     * The prompt itself, for text that is never cut.
     *
     * @param circumstance why it is not cut, for the message
     * @throws InputTooLongException when it does not fit
     */
    PreparedPrompt requireFits(PreparedPrompt prompt, String circumstance) throws InputTooLongException {
        if (!fits(prompt)) {
            throw tooLong(prompt, circumstance, List.of(Remedy.RAISE_CONTEXT_SIZE, Remedy.LOWER_FEEDBACK_TOKENS));
        }
        return prompt;
    }

    private boolean fits(PreparedPrompt p) {
        return p.totalTokens() <= contextSize;
    }

    private InputTooLongException tooLong(PreparedPrompt p, String circumstance, List<Remedy> remedies) {
        return new InputTooLongException(p.length(), p.answerTokens(), contextSize, circumstance, remedies);
    }
}
