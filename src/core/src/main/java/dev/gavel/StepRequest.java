package dev.gavel;

import java.util.List;

/**
 * A step-by-step solution to check step by step (ProcessBench protocol): the judge names the
 * index of the earliest wrong step, or -1 when every step is correct.
 *
 * @param problem the problem statement; not blank
 * @param steps   the solution's steps in order, at least one; steps may be empty strings
 */
public record StepRequest(String problem, List<String> steps) {
    public StepRequest {
        Requests.requireText("problem", problem);
        Requests.requireNonNull("steps", steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps must not be empty");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new IllegalArgumentException("step " + i + " must not be null");
            }
        }
        steps = List.copyOf(steps);
    }
}
