package dev.gavel.data;

import java.util.Objects;

/**
 * One pairwise comparison with its reference verdict.
 *
 * @param id          stable identifier: the file's id field, else the 0-based record index
 * @param instruction the task given to both responses
 * @param input       extra task input; empty when the dataset has none
 * @param responseA   the response shown first in the dataset's own order
 * @param responseB   the response shown second
 * @param label       reference verdict: {@link #A_WINS}, {@link #B_WINS} or {@link #TIE}
 * @param category    grouping for per-category agreement; empty when the dataset has none
 */
public record PairwiseItem(String id, String instruction, String input, String responseA,
                           String responseB, int label, String category) {
    /** Label of a tie (PandaLM's 0). */
    public static final int TIE = 0;
    /** Label when the first response is better. */
    public static final int A_WINS = 1;
    /** Label when the second response is better. */
    public static final int B_WINS = 2;

    public PairwiseItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(responseA, "responseA");
        Objects.requireNonNull(responseB, "responseB");
        Objects.requireNonNull(category, "category");
        if (label != TIE && label != A_WINS && label != B_WINS) {
            throw new IllegalArgumentException("pairwise label must be 0 (tie), 1 or 2, got " + label);
        }
    }

    /** An item without a category. */
    public PairwiseItem(String id, String instruction, String input, String responseA, String responseB, int label) {
        this(id, instruction, input, responseA, responseB, label, "");
    }
}
