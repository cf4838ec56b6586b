package dev.gavel.data;

import java.util.Objects;

/**
 * Which JSON field of an input record holds which part of a judging request. Each preset supplies
 * defaults; the command line can override any of them. A record without the id field (or an
 * empty id field name) is numbered by its 0-based position.
 *
 * @param id          item id; absent in a record or empty here: the 0-based record index
 * @param instruction the task (absolute and pairwise) or the problem (steps)
 * @param input       optional extra task input appended to the instruction after a blank line
 * @param response    the graded response (absolute)
 * @param responseA   the first response (pairwise)
 * @param responseB   the second response (pairwise)
 * @param reference   optional reference answer
 * @param rubric      optional per-record rubric object (absolute)
 * @param criterion   optional per-record criterion text (pairwise)
 * @param steps       the array of solution steps (steps)
 */
public record InputFields(String id, String instruction, String input, String response, String responseA,
                          String responseB, String reference, String rubric, String criterion, String steps) {
    public InputFields {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(responseA, "responseA");
        Objects.requireNonNull(responseB, "responseB");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(steps, "steps");
    }

    /** Generic defaults: id, instruction, input, response, response_a, response_b, reference_answer, rubric, criterion, steps. */
    public static InputFields defaults() {
        return new InputFields("id", "instruction", "input", "response", "response_a", "response_b",
                "reference_answer", "rubric", "criterion", "steps");
    }

    public InputFields withId(String v) {
        return new InputFields(v, instruction, input, response, responseA, responseB, reference, rubric, criterion, steps);
    }

    public InputFields withInstruction(String v) {
        return new InputFields(id, v, input, response, responseA, responseB, reference, rubric, criterion, steps);
    }

    public InputFields withInput(String v) {
        return new InputFields(id, instruction, v, response, responseA, responseB, reference, rubric, criterion, steps);
    }

    public InputFields withResponse(String v) {
        return new InputFields(id, instruction, input, v, responseA, responseB, reference, rubric, criterion, steps);
    }

    public InputFields withResponseA(String v) {
        return new InputFields(id, instruction, input, response, v, responseB, reference, rubric, criterion, steps);
    }

    public InputFields withResponseB(String v) {
        return new InputFields(id, instruction, input, response, responseA, v, reference, rubric, criterion, steps);
    }

    public InputFields withReference(String v) {
        return new InputFields(id, instruction, input, response, responseA, responseB, v, rubric, criterion, steps);
    }

    public InputFields withRubric(String v) {
        return new InputFields(id, instruction, input, response, responseA, responseB, reference, v, criterion, steps);
    }

    public InputFields withCriterion(String v) {
        return new InputFields(id, instruction, input, response, responseA, responseB, reference, rubric, v, steps);
    }

    public InputFields withSteps(String v) {
        return new InputFields(id, instruction, input, response, responseA, responseB, reference, rubric, criterion, v);
    }
}
