package dev.gavel.data;

import java.util.Objects;

/**
 * Which JSON field of a generic dataset file holds which part of an item. An empty name means the
 * file has no such field: no id makes the record index the id, no input/category leaves them empty.
 *
 * @param id          field of the item id
 * @param instruction field of the instruction (required)
 * @param input       field of extra input
 * @param responseA   first response (pairwise) or the graded response (scored)
 * @param responseB   second response (pairwise only)
 * @param label       reference verdict (pairwise: 1/2/0/"A"/"B"/"tie") or reference score
 * @param category    grouping for per-category agreement
 */
public record FieldMapping(String id, String instruction, String input, String responseA, String responseB,
                           String label, String category) {
    public FieldMapping {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(responseB, "responseB");
        Objects.requireNonNull(category, "category");
        for (String required : new String[]{instruction, responseA, label}) {
            if (required == null || required.isBlank()) {
                throw new IllegalArgumentException("instruction, response and label fields are required");
            }
        }
    }

    /** Default mapping: {@code id, instruction, input, response_a, response_b, label, category}. */
    public static FieldMapping defaults() {
        return new FieldMapping("id", "instruction", "input", "response_a", "response_b", "label", "category");
    }
}
