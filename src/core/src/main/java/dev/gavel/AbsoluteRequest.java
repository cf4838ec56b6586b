package dev.gavel;

import java.util.Optional;

/**
 * One response to grade on an absolute scale.
 *
 * <p>All texts are untrusted: formats place them in content segments that are tokenized without
 * special-token parsing, so they cannot forge control tokens or the answer marker's position.
 *
 * @param instruction     the task the response answers; not blank
 * @param response        the text being judged; may be empty (an empty answer is gradable)
 * @param rubric          how to score
 * @param referenceAnswer an answer that earns the top score, or null for none; not blank when given
 */
public record AbsoluteRequest(String instruction, String response, Rubric rubric, String referenceAnswer) {
    public AbsoluteRequest {
        Requests.requireText("instruction", instruction);
        Requests.requireNonNull("response", response);
        Requests.requireNonNull("rubric", rubric);
        Requests.requireOptionalText("referenceAnswer", referenceAnswer);
    }

    /** A request without reference answer. */
    public AbsoluteRequest(String instruction, String response, Rubric rubric) {
        this(instruction, response, rubric, null);
    }

    public Optional<String> reference() {
        return Optional.ofNullable(referenceAnswer);
    }

    public AbsoluteRequest withResponse(String newResponse) {
        return new AbsoluteRequest(instruction, newResponse, rubric, referenceAnswer);
    }
}
