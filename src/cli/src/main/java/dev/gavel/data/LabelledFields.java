package dev.gavel.data;

import java.util.Objects;

/**
 * Which JSON field of a labelled dataset holds which part of an item, for
 * {@code gavel eval --preset generic} and the benchmark presets. An empty name means the file has
 * no such field; a record without the id field is numbered by its 0-based position, as
 * {@code gavel compare} numbers it.
 *
 * @param id          item id
 * @param instruction the task (required)
 * @param input       extra task input
 * @param response    the graded response (score labels)
 * @param responseA   the first response (winner labels)
 * @param responseB   the second response (winner labels)
 * @param chosen      the better response (chosen/rejected records)
 * @param rejected    the worse response (chosen/rejected records)
 * @param label       the reference label (score or winner labels)
 * @param category    grouping for per-category agreement
 */
public record LabelledFields(String id, String instruction, String input, String response, String responseA,
                             String responseB, String chosen, String rejected, String label, String category) {
    public LabelledFields {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(responseA, "responseA");
        Objects.requireNonNull(responseB, "responseB");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(category, "category");
        if (instruction == null || instruction.isBlank()) {
            throw new IllegalArgumentException("the instruction field must be named");
        }
    }

    /** {@code id, instruction, input, response, response_a, response_b, chosen, rejected, label, category}. */
    public static LabelledFields defaults() {
        return new LabelledFields("id", "instruction", "input", "response", "response_a", "response_b",
                "chosen", "rejected", "label", "category");
    }
}
