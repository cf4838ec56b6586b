package dev.gavel.data;

import java.util.Objects;

/**
 * One response with a numeric reference score (direct assessment, e.g. the mean of GPT-4's 1-5
 * scores in Prometheus' Vicuna set).
 *
 * @param id          stable identifier
 * @param instruction the task; may be empty when only the score is needed
 * @param response    the graded response; may be empty when only the score is needed
 * @param score       reference score
 * @param category    grouping for per-category agreement; empty when the dataset has none
 */
public record ScoredItem(String id, String instruction, String response, double score, String category) {
    public ScoredItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(category, "category");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("reference score must be finite, got " + score);
        }
    }
}
