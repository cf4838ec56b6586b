package dev.gavel.cli;

import dev.gavel.batch.InputFields;
import picocli.CommandLine.Option;

/** Overrides of a preset's input field names; an unset flag keeps the preset's name. */
public final class FieldFlags {
    @Option(names = "--id-field", paramLabel = "NAME", description = "Field of the item id (records without it,"
            + " or --id-field '', are numbered from 0 by position).")
    String id;

    @Option(names = "--instruction-field", paramLabel = "NAME", description = "Field of the instruction (steps: the problem).")
    String instruction;

    @Option(names = "--input-field", paramLabel = "NAME", description = "Field of extra input appended to the instruction.")
    String input;

    @Option(names = "--response-field", paramLabel = "NAME", description = "Field of the graded response (grade).")
    String response;

    @Option(names = "--response-a-field", paramLabel = "NAME", description = "Field of the first response (compare).")
    String responseA;

    @Option(names = "--response-b-field", paramLabel = "NAME", description = "Field of the second response (compare).")
    String responseB;

    @Option(names = "--reference-field", paramLabel = "NAME", description = "Field of the optional reference answer.")
    String reference;

    @Option(names = "--rubric-field", paramLabel = "NAME", description = "Field of a per-record rubric object (grade).")
    String rubric;

    @Option(names = "--criterion-field", paramLabel = "NAME", description = "Field of a per-record criterion (compare).")
    String criterion;

    @Option(names = "--steps-field", paramLabel = "NAME", description = "Field of the array of steps (steps).")
    String steps;

    /** The preset's fields with these overrides applied. */
    InputFields apply(InputFields f) {
        InputFields r = f;
        r = id == null ? r : r.withId(id);
        r = instruction == null ? r : r.withInstruction(instruction);
        r = input == null ? r : r.withInput(input);
        r = response == null ? r : r.withResponse(response);
        r = responseA == null ? r : r.withResponseA(responseA);
        r = responseB == null ? r : r.withResponseB(responseB);
        r = reference == null ? r : r.withReference(reference);
        r = rubric == null ? r : r.withRubric(rubric);
        r = criterion == null ? r : r.withCriterion(criterion);
        r = steps == null ? r : r.withSteps(steps);
        return r;
    }
}
