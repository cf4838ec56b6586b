package dev.gavel;

import java.util.Optional;

/**
 * Two responses to the same instruction, to compare under one criterion.
 *
 * <p>Only the criterion is carried, not a full rubric: pairwise judges (Prometheus 2 relative
 * grading included) are trained on the criterion alone. Use {@link #of} to take it from a rubric.
 *
 * @param instruction     the task both responses answer; not blank
 * @param responseA       the first response; may be empty
 * @param responseB       the second response; may be empty
 * @param criterion       what "better" means; not blank
 * @param referenceAnswer a reference answer, or null for none; not blank when given
 */
public record PairwiseRequest(String instruction, String responseA, String responseB, String criterion,
                              String referenceAnswer) {
    public PairwiseRequest {
        Requests.requireText("instruction", instruction);
        Requests.requireNonNull("responseA", responseA);
        Requests.requireNonNull("responseB", responseB);
        Requests.requireText("criterion", criterion);
        Requests.requireOptionalText("referenceAnswer", referenceAnswer);
    }

    public static PairwiseRequest of(String instruction, String responseA, String responseB, Rubric rubric,
                                     String referenceAnswer) {
        Requests.requireNonNull("rubric", rubric);
        return new PairwiseRequest(instruction, responseA, responseB, rubric.criterion(), referenceAnswer);
    }

    public Optional<String> reference() {
        return Optional.ofNullable(referenceAnswer);
    }

    /** The same comparison with A and B exchanged, for position-bias checks. */
    public PairwiseRequest swapped() {
        return new PairwiseRequest(instruction, responseB, responseA, criterion, referenceAnswer);
    }
}
