package dev.gavel.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders a report as JSON. Top-level keys per metric hold the headline value as reports show it
 * (percent with two decimals for proportions, four decimals for correlations), so that
 * {@code accuracy} reads 71.07 like the published tables; {@code metrics} holds full-precision
 * values, intervals and sample sizes. Undefined values are {@code null}, never NaN.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static ObjectNode toJson(EvalReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("preset", r.preset());
        root.put("dataset", r.dataset());
        root.put("predictions", r.predictions());
        root.put("timestamp", r.timestamp().toString());
        for (Metric m : r.metrics()) {
            putRounded(root, m.name(), m.display(), m.proportion() ? 2 : 4);
        }
        ObjectNode counts = root.putObject("counts");
        for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
            counts.put(e.getKey(), e.getValue());
        }
        ObjectNode metrics = root.putObject("metrics");
        for (Metric m : r.metrics()) {
            ObjectNode o = metrics.putObject(m.name());
            put(o, "value", m.value());
            o.put("unit", m.proportion() ? "fraction" : "raw");
            o.put("n", m.n());
            m.ci().ifPresent(ci -> {
                ObjectNode c = o.putObject("ci");
                put(c, "lower", ci.lower());
                put(c, "upper", ci.upper());
                c.put("level", ci.level());
                c.put("resamples", ci.resamples());
                c.put("defined_resamples", ci.defined());
            });
        }
        r.confusion().ifPresent(cm -> {
            ObjectNode c = root.putObject("confusion_matrix");
            ArrayNode labels = c.putArray("labels");
            r.classNames().forEach(labels::add);
            ArrayNode rows = c.putArray("rows_reference_cols_predicted");
            for (int ref : cm.classes()) {
                ArrayNode row = rows.addArray();
                for (int pred : cm.classes()) {
                    row.add(cm.count(ref, pred));
                }
                row.add(cm.other(ref));
            }
            c.put("last_column", "predictions outside the classes");
        });
        if (!r.calibration().isEmpty()) {
            ArrayNode bins = root.putArray("calibration");
            for (Calibration.Bin b : r.calibration()) {
                ObjectNode o = bins.addObject();
                o.put("lower", b.lower());
                o.put("upper", b.upper());
                o.put("count", b.count());
                put(o, "mean_confidence", b.meanConfidence());
                put(o, "agreement", b.agreement());
            }
            put(root, "expected_calibration_error", Calibration.expectedCalibrationError(r.calibration()));
        }
        if (!r.categories().isEmpty()) {
            ObjectNode cats = root.putObject("categories");
            cats.put("metric", r.categoryMetric());
            ArrayNode list = cats.putArray("values");
            for (CategoryScore s : r.categories()) {
                ObjectNode o = list.addObject();
                o.put("category", s.category());
                o.put("count", s.count());
                put(o, "value", s.value());
            }
        }
        ArrayNode errors = root.putArray("errors");
        r.errors().forEach(errors::add);
        return root;
    }

    public static String render(EvalReport r) {
        try {
            return MAPPER.writeValueAsString(toJson(r));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void write(EvalReport r, Path file) throws IOException {
        Files.writeString(file, render(r) + System.lineSeparator());
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static void putRounded(ObjectNode o, String key, double v, int decimals) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP));
        }
    }
}
