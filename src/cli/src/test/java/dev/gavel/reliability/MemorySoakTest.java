package dev.gavel.reliability;

import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory soak (opt-in; docs/reliability.md records its figures): {@link MemorySoak} runs the
 * judgments in a child JVM whose heap is fixed and touched up front ({@code -Xms=-Xmx},
 * AlwaysPreTouch), so resident memory can only grow through native allocations, metaspace or code
 * after warm-up. Fails when resident memory after warm-up grows by 5% or more, when the engine is
 * not idle after the run (requests left, KV cells outside the cached prompts), when Gavel threads
 * outlive the judge, or when file descriptors grow. Writes a CSV and a PNG plot.
 *
 * <pre>
 * GAVEL_SHARED=../shared bin/mvn25 -B test -pl src/cli -am -Dtest=MemorySoakTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dgavel.soak.judgments=10000 [-Dgavel.soak.plot=docs/reliability-memory.png]
 * </pre>
 */
class MemorySoakTest {
    private record Sample(String what, Map<String, Long> v) {
        long get(String k) {
            return v.get(k);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "gavel.soak.judgments", matches = "\\d+")
    void residentMemoryIsFlatAfterWarmUpAndEverythingIsReturned() throws Exception {
        int judgments = Integer.getInteger("gavel.soak.judgments");
        int every = Math.max(1, judgments / 200);
        Path stories = SharedFixtures.root().resolve("models/stories260K.gguf");
        Path model = Files.isRegularFile(stories) ? stories : TestModels.tinyByteLevel();
        Path dir = Files.createDirectories(Path.of("target/reliability"));
        Path plot = Path.of(System.getProperty("gavel.soak.plot", "target/reliability/memory-soak.png"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        System.getProperties().forEach((k, val) -> {
            // the engine's settings (gavel.*) and the soak child's own (soak.threads, soak.parallel, ...)
            if (k.toString().startsWith("gavel.") && !k.toString().startsWith("gavel.soak") || k.toString().startsWith("soak.")) {
                cmd.add("-D" + k + "=" + val);
            }
        });
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MemorySoak.class.getName(),
                model.toString(), Integer.toString(judgments), Integer.toString(every), "18"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Sample> samples = new ArrayList<>();
        String counts = null;
        String metrics = null;
        // every line also goes to a raw log as it comes, so a run stopped early still shows its samples
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var raw = Files.newBufferedWriter(dir.resolve("memory-soak.raw"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith(MemorySoak.PREFIX)) {
                    continue;
                }
                raw.write(line);
                raw.newLine();
                raw.flush();
                String[] parts = line.substring(MemorySoak.PREFIX.length()).split(" ");
                if (parts[0].equals("counts")) {
                    counts = line.substring(MemorySoak.PREFIX.length() + 7);
                    continue;
                }
                if (parts[0].equals("metrics")) {
                    metrics = line.substring(MemorySoak.PREFIX.length() + 8);
                    continue;
                }
                Map<String, Long> v = new HashMap<>();
                for (String kv : Arrays.copyOfRange(parts, 1, parts.length)) {
                    String[] x = kv.split("=");
                    v.put(x[0], Long.parseLong(x[1]));
                }
                samples.add(new Sample(parts[0], v));
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), "the soak child failed");

        List<Sample> run = samples.stream().filter(s -> s.what().equals("sample")).toList();
        Sample baseline = samples.stream().filter(s -> s.what().equals("baseline")).findFirst().orElseThrow();
        Sample idle = samples.stream().filter(s -> s.what().equals("idle")).findFirst().orElseThrow();
        Sample closed = samples.stream().filter(s -> s.what().equals("closed")).findFirst().orElseThrow();
        int warm = run.size() / 10;
        List<Sample> after = run.subList(warm, run.size());
        long reference = median(run.subList(warm, 2 * warm), "rss_kb");
        long end = median(run.subList(run.size() - warm, run.size()), "rss_kb");
        long max = after.stream().mapToLong(s -> s.get("rss_kb")).max().orElseThrow();
        long min = after.stream().mapToLong(s -> s.get("rss_kb")).min().orElseThrow();
        double growth = 100.0 * (end - reference) / reference;
        double slope = slopeKbPer1000(after);
        long fdsWarm = run.get(warm).get("fds");
        long fdsEnd = run.getLast().get("fds");
        String summary = String.format(Locale.ROOT, "memory soak: %d judgments (%s); RSS after warm-up (%d judgments)"
                        + " %.1f MB -> %.1f MB at the end: %+.2f%% (range %.1f..%.1f MB, trend %+.1f KB per 1,000"
                        + " judgments); baseline %.1f MB; threads %d during, %d after close (baseline %d), gavel threads"
                        + " after close %d; fds %d at warm-up end, %d at the end, %d after close; idle: active %d, queued"
                        + " %d, KV cells %d in use / %d held by %d cached prompts",
                judgments, counts, run.get(warm).get("judgments"), reference / 1024.0, end / 1024.0, growth, min / 1024.0,
                max / 1024.0, slope, baseline.get("rss_kb") / 1024.0, run.getLast().get("threads"),
                closed.get("threads"), baseline.get("threads"), closed.get("gavel_threads"), fdsWarm, fdsEnd,
                closed.get("fds"), idle.get("active"), idle.get("queued"), idle.get("kv_used"), idle.get("kv_cached"),
                idle.get("cached"));
        summary += "; engine: " + metrics;
        System.out.println(summary);
        writeCsv(dir.resolve("memory-soak.csv"), samples);
        writePlot(plot, run, judgments, growth);
        Files.writeString(dir.resolve("memory-soak.txt"), summary + "\n");

        assertTrue(Math.abs(growth) < 5, summary);
        assertEquals(0, idle.get("active"), summary);
        assertEquals(0, idle.get("queued"), summary);
        assertTrue(idle.get("kv_used") <= idle.get("kv_cached"), summary);
        assertEquals(0, closed.get("gavel_threads"), "the engine thread ends with the judge: " + summary);
        assertTrue(closed.get("threads") <= run.getLast().get("threads"), summary);
        assertTrue(fdsEnd <= fdsWarm + 2, "no descriptor leak during the run: " + summary);
        assertTrue(closed.get("fds") <= fdsEnd, summary);
    }

    private static long median(List<Sample> s, String key) {
        long[] v = s.stream().mapToLong(x -> x.get(key)).sorted().toArray();
        return v[v.length / 2];
    }

    /** Least-squares trend of RSS against judgments, in KB per 1,000 judgments. */
    private static double slopeKbPer1000(List<Sample> s) {
        double n = s.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Sample x : s) {
            double j = x.get("judgments");
            double r = x.get("rss_kb");
            sx += j;
            sy += r;
            sxx += j * j;
            sxy += j * r;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx) * 1000;
    }

    private static void writeCsv(Path file, List<Sample> samples) throws Exception {
        List<String> keys = List.of("judgments", "rss_kb", "heap_kb", "threads", "gavel_threads", "fds", "active",
                "queued", "cached", "kv_used", "kv_cached");
        StringBuilder sb = new StringBuilder("what," + String.join(",", keys) + "\n");
        for (Sample s : samples) {
            sb.append(s.what());
            for (String k : keys) {
                sb.append(',').append(s.get(k));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    private static void writePlot(Path png, List<Sample> run, int judgments, double growth) throws Exception {
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title(String.format(Locale.ROOT, "Memory soak: %,d judgments through one Judge (RSS %+.2f%% after warm-up)",
                        judgments, growth))
                .xAxisTitle("judgments").yAxisTitle("MB").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        double[] x = run.stream().mapToDouble(s -> s.get("judgments")).toArray();
        chart.addSeries("resident set (RSS)", x, run.stream().mapToDouble(s -> s.get("rss_kb") / 1024.0).toArray())
                .setMarker(SeriesMarkers.NONE);
        chart.addSeries("Java heap used (of a fixed 256 MB)", x,
                run.stream().mapToDouble(s -> s.get("heap_kb") / 1024.0).toArray()).setMarker(SeriesMarkers.NONE);
        chart.addSeries("KV cells in use / 10", x, run.stream().mapToDouble(s -> s.get("kv_used") / 10.0).toArray())
                .setMarker(SeriesMarkers.NONE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
