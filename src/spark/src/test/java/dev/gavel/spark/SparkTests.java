package dev.gavel.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.JudgeMode;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** What the Spark tests share: sessions, the fixture model, short prompt formats, items, result rows as JSON. */
final class SparkTests {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUBRIC = "{\"criteria\":\"Is the sum right?\",\"score1_description\":\"wrong\","
            + "\"score2_description\":\"nearly\",\"score3_description\":\"right\"}";

    private SparkTests() {
    }

    /** A local session; {@code local[N,F]} runs N tasks at once and tries each task F times. */
    static SparkSession session(String master, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder().master(master).appName("gavel-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.plugins", GavelPlugin.class.getName());
        conf.forEach(b::config);
        return b.getOrCreate();
    }

    /** Waits until the listeners have seen every event so far (they are told asynchronously). */
    static void drainEvents(SparkSession spark) {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trained fixture model: its vocabulary of 512 keeps prompts short and judging fast. */
    static Path model() {
        return SharedFixtures.model("stories260K.gguf");
    }

    /** The file's SHA-256, computed here rather than by the code under test. */
    static String sha256(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(SparkTests.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Score-only options with the short absolute format; what most tests grade with. One llama.cpp
     * thread: on a shared 2-core machine two spinning threads per decode were three times slower.
     */
    static JudgeOptions.Builder options() {
        return JudgeOptions.builder().format(resource("short-format.txt").toString()).chatTemplate("raw")
                .mode(JudgeMode.SCORE_ONLY).parallel(4).threads(1).contextSize(1024);
    }

    /**
     * Options under which a row's judgment does not depend on what else the engine decodes with
     * it: one sequence at a time, no prompt prefixes shared. Batched, llama.cpp's arithmetic varies
     * in the last bits with the batch, which can flip a near-tie between two scores.
     */
    static JudgeOptions.Builder batchInvariantOptions() {
        return options().parallel(1).prefixCache(false);
    }

    /** {@code n} absolute items "q0".."q{n-1}" asking for small sums, with a 1-3 rubric each. */
    static List<String> items(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int a = i % 17;
            int b = i % 5;
            out.add("{\"id\":\"q" + i + "\",\"instruction\":\"What is " + a + "+" + b + "?\",\"response\":\""
                    + (a + b + i % 2) + "\",\"rubric\":" + RUBRIC + "}");
        }
        return out;
    }

    static Path write(Path file, List<String> lines) {
        try {
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a result as JSON objects, by id (Spark's JSON writer leaves null columns out). */
    static Map<String, ObjectNode> byId(Dataset<Row> result) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (String line : result.toJSON().collectAsList()) {
            ObjectNode n = parse(line);
            if (out.put(n.path("id").asText(null), n) != null) {
                throw new AssertionError("two rows for id " + n.path("id"));
            }
        }
        return out;
    }

    static ObjectNode parse(String line) {
        try {
            return (ObjectNode) JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON Lines records of a file, or of every part file in a directory Spark wrote. */
    static List<ObjectNode> records(Path fileOrDir) {
        try (Stream<Path> files = Files.isDirectory(fileOrDir)
                ? Files.list(fileOrDir).filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
                : Stream.of(fileOrDir)) {
            List<ObjectNode> out = new ArrayList<>();
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add(parse(line));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record as compared between runs: without its timings, which no two runs share, and without nulls. */
    static JsonNode comparable(ObjectNode record) {
        ObjectNode c = record.deepCopy();
        c.remove("timings_ms");
        List<String> nulls = new ArrayList<>();
        c.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        nulls.forEach(c::remove);
        if (c.get("provenance") instanceof ObjectNode p) {
            List<String> pn = new ArrayList<>();
            p.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    pn.add(e.getKey());
                }
            });
            pn.forEach(p::remove);
        }
        return c;
    }

    /** Counts how tasks ended, to tell a retried task from one that never failed. */
    static final class TaskEnds extends SparkListener {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger killed = new AtomicInteger();
        final List<String> reasons = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            TaskEndReason reason = end.reason();
            switch (reason) {
                case org.apache.spark.Success$ s -> succeeded.incrementAndGet();
                case org.apache.spark.TaskKilled k -> {
                    killed.incrementAndGet();
                    reasons.add(k.toErrorString());
                }
                default -> {
                    failed.incrementAndGet();
                    reasons.add(reason.toString());
                }
            }
        }

        void reset() {
            succeeded.set(0);
            failed.set(0);
            killed.set(0);
            reasons.clear();
        }
    }
}
