package dev.gavel.bench;

import dev.gavel.AbsoluteRequest;
import dev.gavel.PairwiseRequest;

import java.util.Objects;

/**
 * One judgment of a benchmark workload: either an absolute grading or a pairwise comparison
 * (in one order; a workload lists both orders as two items).
 *
 * @param id       stable id within the workload
 * @param group    items of one group share a prompt prefix (one Vicuna question, one HHH pair, one comparison)
 * @param absolute the absolute request, or null for a pairwise item
 * @param pairwise the pairwise request, or null for an absolute item
 */
public record WorkItem(String id, String group, AbsoluteRequest absolute, PairwiseRequest pairwise) {
    public WorkItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        if ((absolute == null) == (pairwise == null)) {
            throw new IllegalArgumentException("exactly one of absolute and pairwise must be set");
        }
    }

    public static WorkItem absolute(String id, String group, AbsoluteRequest request) {
        return new WorkItem(id, group, request, null);
    }

    public static WorkItem pairwise(String id, String group, PairwiseRequest request) {
        return new WorkItem(id, group, null, request);
    }
}
