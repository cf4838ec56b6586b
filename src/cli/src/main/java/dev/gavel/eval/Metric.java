package dev.gavel.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * One named figure of a report.
 *
 * @param name       snake_case key, e.g. {@code accuracy}, {@code macro_f1}, {@code pearson}
 * @param value      the figure; NaN when undefined for this sample (e.g. correlation of a constant)
 * @param ci         bootstrap interval when one was computed
 * @param proportion true for fractions in [0, 1] that reports show as percentages
 * @param n          number of items the figure is computed over
 */
public record Metric(String name, double value, Optional<ConfidenceInterval> ci, boolean proportion, int n) {
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ci, "ci");
    }

    /** The value as reports show it: percent for proportions, raw otherwise. */
    public double display() {
        return proportion ? 100 * value : value;
    }

    /** The value as text: percent with two decimals, or a correlation with four; "n/a" when undefined. */
    public String formatted() {
        return format(value);
    }

    /** A bound or value of this metric formatted like {@link #formatted()}. */
    public String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return proportion ? String.format(java.util.Locale.ROOT, "%.2f", 100 * v)
                : String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
