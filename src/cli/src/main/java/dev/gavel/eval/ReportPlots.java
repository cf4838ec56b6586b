package dev.gavel.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PNG plots of a report, drawn with XChart in headless mode: confusion-matrix heatmap, reliability
 * diagram, and the category metric as a bar chart. Each is drawn only when the report has the
 * material for it.
 */
public final class ReportPlots {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;
    /** Bars beyond this many categories become unreadable; the largest categories are shown. */
    static final int MAX_CATEGORIES = 25;

    static {
        // AWT must not look for a display: reports are written on servers and in CI. Set before any
        // chart class touches the toolkit, which reads the property once.
        System.setProperty("java.awt.headless", "true");
    }

    private ReportPlots() {
    }

    /** Writes every plot the report supports into {@code dir}; returns the file names written. */
    public static List<String> writeAll(EvalReport r, Path dir) throws IOException {
        List<String> written = new ArrayList<>();
        if (r.confusion().isPresent()) {
            save(confusion(r), dir, "confusion_matrix.png", written);
        }
        if (!r.calibration().isEmpty()) {
            save(reliability(r), dir, "calibration.png", written);
        }
        if (!r.categories().isEmpty()) {
            save(categories(r), dir, "categories.png", written);
        }
        return written;
    }

    /** Heatmap of counts, rows = reference, columns = prediction, each cell annotated. */
    public static HeatMapChart confusion(EvalReport r) {
        ConfusionMatrix cm = r.confusion().orElseThrow(() -> new IllegalArgumentException("report has no confusion matrix"));
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Confusion matrix: " + r.preset() + " (" + r.predictions() + ")")
                .xAxisTitle("predicted").yAxisTitle("reference").build();
        chart.getStyler().setShowValue(true).setValueFontColor(Color.BLACK)
                .setRangeColors(new Color[]{new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 81, 156)})
                .setHeatMapValueDecimalPattern("#");
        chart.getStyler().setPlotContentSize(0.9);
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        int k = cm.classes().size();
        for (int x = 0; x < k; x++) {
            for (int y = 0; y < k; y++) {
                // the y axis grows upwards; listing reference rows top-down reads like the table
                long c = cm.count(cm.classes().get(k - 1 - y), cm.classes().get(x));
                max = Math.max(max, c);
                cells.add(new Number[]{x, y, c});
            }
        }
        chart.getStyler().setMin(0).setMax(max);
        chart.addSeries("count", r.classNames(), r.classNames().reversed(), cells);
        return chart;
    }

    /** Observed agreement per confidence bin against the diagonal of perfect calibration. */
    public static XYChart reliability(EvalReport r) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(java.util.Locale.ROOT, "Reliability: %s (ECE %.3f)", r.preset(),
                        Calibration.expectedCalibrationError(r.calibration())))
                .xAxisTitle("mean confidence in bin").yAxisTitle("observed agreement").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[]{0, 1}, new double[]{0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Calibration.Bin b : r.calibration()) {
            if (b.count() > 0) {
                x.add(b.meanConfidence());
                y.add(b.agreement());
            }
        }
        chart.addSeries("judge", x, y).setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /** The report's category metric per category, as bars. */
    public static CategoryChart categories(EvalReport r) {
        boolean percent = "accuracy".equals(r.categoryMetric());
        List<CategoryScore> shown = r.categories().stream()
                .sorted(java.util.Comparator.comparingInt(CategoryScore::count).reversed()
                        .thenComparing(CategoryScore::category))
                .limit(MAX_CATEGORIES).toList();
        String title = r.categoryMetric() + " per category: " + r.preset()
                + (shown.size() < r.categories().size()
                ? " (" + shown.size() + " largest of " + r.categories().size() + ")" : "");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 200).height(HEIGHT + 100)
                .title(title)
                .xAxisTitle("category").yAxisTitle(percent ? r.categoryMetric() + " (%)" : r.categoryMetric()).build();
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendVisible(false);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (CategoryScore s : shown) {
            names.add(s.category() + " (n=" + s.count() + ")");
            // an undefined value is drawn as an empty bar rather than dropped, so the category still shows
            values.add(Double.isNaN(s.value()) ? 0.0 : percent ? 100 * s.value() : s.value());
        }
        chart.addSeries(r.categoryMetric(), names, values);
        return chart;
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name,
                             List<String> written) throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(name);
    }
}
