package dev.gavel.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Renders a report as Markdown: header, metrics table with intervals, counts, plots, errors. */
public final class MarkdownReport {
    /** At most this many error lines are listed; the JSON report has them all. */
    private static final int MAX_ERRORS = 50;

    private MarkdownReport() {
    }

    /**
     * @param plots file names of plots to embed (relative to the report), in order
     */
    public static String render(EvalReport r, List<String> plots) {
        StringBuilder md = new StringBuilder();
        md.append("# Gavel evaluation: ").append(r.preset()).append("\n\n");
        md.append("- Dataset: `").append(r.dataset()).append("`\n");
        md.append("- Predictions: `").append(r.predictions()).append("`\n");
        md.append("- Timestamp: ").append(r.timestamp()).append("\n\n");
        md.append("## Metrics\n\n| metric | value | 95% CI | n |\n|---|---:|---|---:|\n");
        for (Metric m : r.metrics()) {
            String ci = m.ci().map(c -> String.format(java.util.Locale.ROOT, "%s – %s (%d%%, %d resamples)",
                    m.format(c.lower()), m.format(c.upper()), Math.round(c.level() * 100), c.defined())).orElse("");
            md.append("| ").append(m.name()).append(m.proportion() ? " (%)" : "").append(" | ")
                    .append(m.formatted()).append(" | ").append(ci).append(" | ").append(m.n()).append(" |\n");
        }
        md.append("\n## Counts\n\n| count | value |\n|---|---:|\n");
        for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        r.confusion().ifPresent(cm -> {
            md.append("\n## Confusion matrix (rows: reference, columns: prediction)\n\n| |");
            r.classNames().forEach(n -> md.append(' ').append(n).append(" |"));
            md.append(" other |\n|---|");
            md.append("---:|".repeat(cm.classes().size() + 1)).append('\n');
            for (int i = 0; i < cm.classes().size(); i++) {
                int ref = cm.classes().get(i);
                md.append("| ").append(r.classNames().get(i)).append(" |");
                for (int pred : cm.classes()) {
                    md.append(' ').append(cm.count(ref, pred)).append(" |");
                }
                md.append(' ').append(cm.other(ref)).append(" |\n");
            }
        });
        if (!r.categories().isEmpty()) {
            md.append("\n## ").append(r.categoryMetric()).append(" per category\n\n| category | n | value |\n|---|---:|---:|\n");
            for (CategoryScore s : r.categories()) {
                String v = Double.isNaN(s.value()) ? "n/a" : "accuracy".equals(r.categoryMetric())
                        ? String.format(java.util.Locale.ROOT, "%.2f%%", 100 * s.value())
                        : String.format(java.util.Locale.ROOT, "%.4f", s.value());
                md.append("| ").append(s.category()).append(" | ").append(s.count()).append(" | ").append(v).append(" |\n");
            }
        }
        if (!r.calibration().isEmpty()) {
            md.append(String.format(java.util.Locale.ROOT, "%n## Calibration%n%nExpected calibration error: %.4f%n",
                    Calibration.expectedCalibrationError(r.calibration())));
        }
        if (!plots.isEmpty()) {
            md.append("\n## Plots\n\n");
            plots.forEach(p -> md.append("![").append(p).append("](").append(p).append(")\n\n"));
        }
        if (!r.errors().isEmpty()) {
            md.append("\n## Errors (").append(r.errors().size()).append(")\n\n");
            r.errors().stream().limit(MAX_ERRORS).forEach(e -> md.append("- ").append(e).append('\n'));
            if (r.errors().size() > MAX_ERRORS) {
                md.append("- … ").append(r.errors().size() - MAX_ERRORS).append(" more in report.json\n");
            }
        }
        return md.toString();
    }

    public static void write(EvalReport r, List<String> plots, Path file) throws IOException {
        Files.writeString(file, render(r, plots));
    }
}
