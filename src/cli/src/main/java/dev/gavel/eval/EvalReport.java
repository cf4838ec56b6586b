package dev.gavel.eval;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one evaluation found: its figures, counts and the material for plots.
 *
 * @param preset          benchmark preset id
 * @param dataset         dataset file name
 * @param predictions     where the predictions came from
 * @param timestamp       when the evaluation ran
 * @param counts          item counts: items, predictions, matched, missing, unparsed, errors...
 * @param metrics         the figures, in report order
 * @param confusion       reference-vs-prediction counts, when the task has discrete labels
 * @param classNames      display name of each confusion-matrix class, in class order
 * @param calibration     reliability bins; empty when no prediction carried a distribution
 * @param categoryMetric  name of the metric in {@code categories}
 * @param categories      that metric per category; empty when the dataset has no categories
 * @param errors          one line per bad record or unmatched prediction
 */
public record EvalReport(String preset, String dataset, String predictions, Instant timestamp,
                         Map<String, Integer> counts, List<Metric> metrics, Optional<ConfusionMatrix> confusion,
                         List<String> classNames, List<Calibration.Bin> calibration, String categoryMetric,
                         List<CategoryScore> categories, List<String> errors) {
    public EvalReport {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(timestamp, "timestamp");
        counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
        metrics = List.copyOf(metrics);
        classNames = List.copyOf(classNames);
        calibration = List.copyOf(calibration);
        categories = List.copyOf(categories);
        errors = List.copyOf(errors);
    }

    /** The metric with this name. */
    public Metric metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no metric '" + name + "' in this report"));
    }

    /** Whether the report has a metric of this name. */
    public boolean has(String name) {
        return metrics.stream().anyMatch(m -> m.name().equals(name));
    }
}
