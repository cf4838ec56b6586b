package dev.gavel.bench;

import java.util.List;

/**
 * A named list of judgments drawn from real data, in submission order (items of one group adjacent).
 *
 * @param name  workload name ("vicuna", "hhh", "pairwise")
 * @param items the judgments
 */
public record Workload(String name, List<WorkItem> items) {
    public Workload {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("workload " + name + " has no items");
        }
    }

    /** Number of distinct groups (shared-prefix families). */
    public long groups() {
        return items.stream().map(WorkItem::group).distinct().count();
    }
}
