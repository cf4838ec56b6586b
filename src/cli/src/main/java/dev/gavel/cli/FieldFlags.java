package dev.gavel.cli;

import dev.gavel.data.InputFields;
import picocli.CommandLine.Option;

/**
 * Overrides of a preset's input field names; an unset flag keeps the preset's name. The common
 * fields are here; each command adds the fields of its task with one of the nested mixins.
 */
public final class FieldFlags {
    @Option(names = "--id-field", paramLabel = "NAME", description = "Field of the item id (records without it,"
            + " or --id-field '', are numbered from 0 by position).")
    String id;

    @Option(names = "--instruction-field", paramLabel = "NAME",
            description = "Field of the instruction (steps: of the problem).")
    String instruction;

    @Option(names = "--input-field", paramLabel = "NAME", description = "Field of extra input appended to the"
            + " instruction.")
    String input;

    /** The preset's fields with these overrides applied. */
    public InputFields apply(InputFields f) {
        InputFields r = f;
        r = id == null ? r : r.withId(id);
        r = instruction == null ? r : r.withInstruction(instruction);
        r = input == null ? r : r.withInput(input);
        return r;
    }

    /** Fields of absolute grading. */
    public static final class Grade {
        @Option(names = "--response-field", paramLabel = "NAME", description = "Field of the graded response.")
        String response;

        @Option(names = "--reference-field", paramLabel = "NAME", description = "Field of the optional reference answer.")
        String reference;

        @Option(names = "--rubric-field", paramLabel = "NAME", description = "Field of a per-record rubric object.")
        String rubric;

        public InputFields apply(InputFields f) {
            InputFields r = f;
            r = response == null ? r : r.withResponse(response);
            r = reference == null ? r : r.withReference(reference);
            r = rubric == null ? r : r.withRubric(rubric);
            return r;
        }
    }

    /** Fields of pairwise comparison. */
    public static final class Compare {
        @Option(names = "--response-a-field", paramLabel = "NAME", description = "Field of the first response.")
        String responseA;

        @Option(names = "--response-b-field", paramLabel = "NAME", description = "Field of the second response.")
        String responseB;

        @Option(names = "--reference-field", paramLabel = "NAME", description = "Field of the optional reference answer.")
        String reference;

        @Option(names = "--criterion-field", paramLabel = "NAME", description = "Field of a per-record criterion.")
        String criterion;

        public InputFields apply(InputFields f) {
            InputFields r = f;
            r = responseA == null ? r : r.withResponseA(responseA);
            r = responseB == null ? r : r.withResponseB(responseB);
            r = reference == null ? r : r.withReference(reference);
            r = criterion == null ? r : r.withCriterion(criterion);
            return r;
        }
    }

    /** Fields of step checking. */
    public static final class Steps {
        @Option(names = "--steps-field", paramLabel = "NAME", description = "Field of the array of steps.")
        String steps;

        public InputFields apply(InputFields f) {
            return steps == null ? f : f.withSteps(steps);
        }
    }
}
