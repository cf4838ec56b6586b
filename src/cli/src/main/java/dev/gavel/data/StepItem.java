package dev.gavel.data;

import java.util.List;
import java.util.Objects;

/**
 * One step-by-step solution with the index of its first wrong step (ProcessBench).
 *
 * @param id                 stable identifier
 * @param problem            the problem statement
 * @param steps              the solution's steps in order
 * @param label              0-based index of the first erroneous step, or {@link #NO_ERROR}
 * @param finalAnswerCorrect whether the solution's final answer is right (informational)
 */
public record StepItem(String id, String problem, List<String> steps, int label, boolean finalAnswerCorrect) {
    /** Label of a solution with no wrong step. */
    public static final int NO_ERROR = -1;

    public StepItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(problem, "problem");
        steps = List.copyOf(steps);
        if (label < NO_ERROR || label >= steps.size()) {
            throw new IllegalArgumentException("step label " + label + " outside -1.." + (steps.size() - 1));
        }
    }
}
