package dev.gavel.eval;

/**
 * A metric restricted to the items of one category.
 *
 * @param category the category
 * @param count    items in it
 * @param value    the metric on those items; NaN when undefined
 */
public record CategoryScore(String category, int count, double value) {
}
