package dev.gavel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plots judgments/s against parallel sequences from one or more {@code bench --json} outputs
 * (headless XChart PNG): one line per bench file and flash-attention setting for Gavel's sweep,
 * and flat reference lines for jllama's default and best setups and the naive loop of the first file.
 */
public final class BenchPlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private BenchPlot() {
    }

    /**
     * Writes the plot.
     *
     * @param benchJson files written by {@code bench --out}
     * @param names     a legend name per file
     * @param png       output file (".png" appended by XChart when missing)
     */
    public static void write(List<Path> benchJson, List<String> names, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Judgments/s against parallel sequences (feedback + score)")
                .xAxisTitle("parallel sequences (Gavel engine)").yAxisTitle("judgments / s").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS); // inside, it hid the highest points
        chart.getStyler().setXAxisLogarithmic(false);
        double maxP = 1;
        List<double[]> refs = new ArrayList<>();
        List<String> refNames = new ArrayList<>();
        for (int f = 0; f < benchJson.size(); f++) {
            JsonNode o = BenchJson.MAPPER.readTree(Files.readString(benchJson.get(f)));
            Map<Boolean, TreeMap<Integer, Double>> series = new TreeMap<>();
            for (JsonNode c : o.get("contenders")) {
                String label = c.get("label").asText();
                if (c.get("kind").asText().equals("gavel") && label.startsWith("gavel p=") && c.get("mode").asText().equals(o.get("mode").asText())) {
                    int p = Integer.parseInt(label.replaceAll("gavel p=(\\d+).*", "$1"));
                    boolean fa = label.endsWith(" fa");
                    series.computeIfAbsent(fa, k -> new TreeMap<>()).put(p, c.get("judgments_per_s").asDouble());
                    maxP = Math.max(maxP, p);
                }
            }
            for (Map.Entry<Boolean, TreeMap<Integer, Double>> e : series.entrySet()) {
                List<Integer> xs = new ArrayList<>(e.getValue().keySet());
                List<Double> ys = new ArrayList<>(e.getValue().values());
                XYSeries s = chart.addSeries("Gavel " + names.get(f) + (e.getKey() ? ", flash attention" : ", no flash attention"), xs, ys);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            if (f == 0) {
                for (String key : List.of("jllama_default_judgments_per_s", "jllama_judgments_per_s", "naive_judgments_per_s")) {
                    JsonNode v = o.get(key);
                    if (v != null && v.isNumber()) {
                        refs.add(new double[]{v.asDouble()});
                        refNames.add(switch (key) {
                            case "jllama_default_judgments_per_s" -> "jllama default (4 slots)";
                            case "jllama_judgments_per_s" -> "jllama best (" + o.get("jllama_best_setting").asText() + ")";
                            default -> "naive one-at-a-time loop";
                        } + " " + names.get(f));
                    }
                }
            }
        }
        for (int i = 0; i < refs.size(); i++) {
            XYSeries s = chart.addSeries(refNames.get(i), new double[]{1, maxP}, new double[]{refs.get(i)[0], refs.get(i)[0]});
            s.setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** {@code BenchPlot out.png name1=bench1.json [name2=bench2.json ...]} */
    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            names.add(kv[0]);
            files.add(Path.of(kv[1]));
        }
        write(files, names, Path.of(args[0]));
    }
}
