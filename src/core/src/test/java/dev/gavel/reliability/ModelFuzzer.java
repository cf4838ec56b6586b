package dev.gavel.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.reliability.FuzzChild.Outcome;
import dev.gavel.reliability.ModelMutator.Mutant;
import dev.gavel.reliability.ModelMutator.Strategy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs model mutants through {@link FuzzChild} JVMs and counts what happened to each: crashed
 * (the child died), hung (no answer within the timeout), refused with a clear error, loaded and
 * judged, or loaded and failed the judgment with a typed error. One child takes many mutants in
 * turn; when one kills it, that mutant is recorded as a crash and a new child continues with the
 * next, so crashes cost a JVM start each and everything else almost nothing.
 */
final class ModelFuzzer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String EOF = "\u0000eof";

    /** A fixture to mutate. */
    record Base(String name, byte[] bytes) {
    }

    /** What happened to one mutant. */
    record Result(String base, int index, Strategy strategy, String mutation, Outcome outcome, String detail,
                  long millis) {
    }

    private final List<ModelMutator> mutators = new ArrayList<>();
    private final List<String> baseNames = new ArrayList<>();
    private final long seed;
    private final Path work;
    private final Duration hangTimeout;
    private Child child;
    private int childStarts;

    ModelFuzzer(List<Base> bases, long seed, Path work, Duration hangTimeout) {
        for (Base b : bases) {
            mutators.add(new ModelMutator(b.name(), b.bytes()));
            baseNames.add(b.name());
        }
        this.seed = seed;
        this.work = work;
        this.hangTimeout = hangTimeout;
    }

    /** The mutant with this index (bases taken in turn). */
    Mutant mutant(int index) {
        return mutators.get(index % mutators.size()).mutant(seed, index);
    }

    /** Runs mutants {@code 0..count-1}. */
    List<Result> run(int count) throws IOException, InterruptedException {
        return run(java.util.stream.IntStream.range(0, count).boxed().toList());
    }

    /** Runs the mutants with these indices (to reproduce a few). */
    List<Result> run(List<Integer> indices) throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>(indices.size());
        try {
            for (int i : indices) {
                results.add(runOne(mutant(i)));
            }
        } finally {
            stopChild();
        }
        return results;
    }

    /** Runs every base's deterministic sweep ({@link ModelMutator#sweep}). */
    List<Result> runSweeps() throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        try {
            for (ModelMutator m : mutators) {
                for (Mutant mutant : m.sweep()) {
                    results.add(runOne(mutant));
                }
            }
        } finally {
            stopChild();
        }
        return results;
    }

    int childStarts() {
        return childStarts;
    }

    private Result runOne(Mutant m) throws IOException, InterruptedException {
        Path file = work.resolve("mutant-" + m.index() + ".gguf");
        Files.write(file, m.bytes());
        try {
            if (child == null) {
                child = new Child(work, ++childStarts);
            }
            long stderrMark = Files.size(child.stderr);
            long start = System.nanoTime();
            child.send(m.index() + "\t" + file.toAbsolutePath());
            long deadline = start + hangTimeout.toNanos();
            String expect = FuzzChild.PREFIX + "R " + m.index() + " ";
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? child.lines.poll(left, TimeUnit.NANOSECONDS) : null;
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (line == null) {
                    stopChild();
                    return result(m, Outcome.HUNG, "no answer within " + hangTimeout.toSeconds() + " s", millis);
                }
                if (line.equals(EOF)) {
                    Child dead = child;
                    child = null;
                    int code = dead.process.waitFor(30, TimeUnit.SECONDS) ? dead.process.exitValue() : -1;
                    String why = crashSignature(dead.stderr, stderrMark);
                    return result(m, Outcome.CRASHED, "exit " + code + (why.isEmpty() ? "" : ": " + why), millis);
                }
                if (line.startsWith(expect)) {
                    String rest = line.substring(expect.length());
                    int sp = rest.indexOf(' ');
                    Outcome o = Outcome.valueOf(sp < 0 ? rest : rest.substring(0, sp));
                    return result(m, o, sp < 0 ? "" : rest.substring(sp + 1), millis);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Result result(Mutant m, Outcome o, String detail, long millis) {
        return new Result(m.base(), m.index(), m.strategy(), m.description(), o, detail, millis);
    }

    /** The native library's last words: an assert, an abort, a signal. */
    private static String crashSignature(Path stderr, long from) throws IOException {
        byte[] all = Files.readAllBytes(stderr);
        String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
        List<String> hits = new ArrayList<>();
        for (String l : text.split("\n")) {
            String s = l.strip();
            if (s.contains("GGML_ASSERT") || s.contains("terminate called") || s.contains("what():")
                    || s.startsWith("# SIG") || s.contains("SIGSEGV") || s.contains("SIGFPE") || s.contains("SIGBUS")
                    || s.startsWith("# Problematic frame") || s.startsWith("# C  [") || s.contains("error:")) {
                hits.add(s);
            }
        }
        if (hits.isEmpty()) {
            // No known pattern: the last lines it wrote are the best clue.
            List<String> lines = text.lines().map(String::strip).filter(x -> !x.isEmpty()).toList();
            hits.addAll(lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        }
        return FuzzChild.oneLine(String.join(" | ", hits.subList(Math.max(0, hits.size() - 4), hits.size())));
    }

    private void stopChild() {
        if (child != null) {
            child.kill();
            child = null;
        }
    }

    /** One child JVM and the lines it printed. */
    private static final class Child {
        final Process process;
        final Path stderr;
        final Writer stdin;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(Path work, int n) throws IOException {
            stderr = work.resolve("child-" + n + ".stderr");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                    "-Xmx1g", "-XX:+UseSerialGC", "-XX:-CreateCoredumpOnCrash",
                    "-XX:ErrorFile=" + work.resolve("hs_err_%p.log"),
                    "-Dgavel.cache.dir=" + work.resolve("cache"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
            // The native library location and other gavel settings travel to the child.
            System.getProperties().forEach((k, v) -> {
                String key = k.toString();
                if ((key.startsWith("gavel.") && !key.equals("gavel.cache.dir")) || key.startsWith("ai.djl.")) {
                    cmd.add("-D" + key + "=" + v);
                }
            });
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FuzzChild.class.getName()));
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(stderr.toFile())).start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        if (l.startsWith(FuzzChild.PREFIX)) {
                            lines.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the child died mid-line; EOF below says so
                }
                lines.add(EOF);
            }, "fuzz-child-reader-" + n);
            reader.setDaemon(true);
            reader.start();
        }

        void send(String line) throws IOException {
            try {
                stdin.write(line + "\n");
                stdin.flush();
            } catch (IOException e) {
                // The child is already dead; its reader reports EOF.
            }
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ reporting

    static Map<Outcome, Integer> counts(List<Result> results) {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            m.put(o, 0);
        }
        results.forEach(r -> m.merge(r.outcome(), 1, Integer::sum));
        return m;
    }

    /** Outcome counts per strategy, as a Markdown table. */
    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder("| strategy | mutants |");
        for (Outcome o : Outcome.values()) {
            sb.append(' ').append(o.name().toLowerCase().replace('_', ' ')).append(" |");
        }
        sb.append("\n|---|---:|").append("---:|".repeat(Outcome.values().length)).append('\n');
        Map<Strategy, List<Result>> by = new EnumMap<>(Strategy.class);
        results.forEach(r -> by.computeIfAbsent(r.strategy(), s -> new ArrayList<>()).add(r));
        by.forEach((s, rs) -> row(sb, s.name().toLowerCase().replace('_', ' '), rs));
        row(sb, "**all**", results);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, List<Result> rs) {
        sb.append("| ").append(name).append(" | ").append(rs.size()).append(" |");
        counts(rs).values().forEach(n -> sb.append(' ').append(n).append(" |"));
        sb.append('\n');
    }

    /** Writes every result and the counts as JSON. */
    void writeReport(Path file, List<Result> results, Duration took) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("seed", seed);
        root.put("mutants", results.size());
        root.putPOJO("bases", baseNames);
        root.put("seconds", took.toMillis() / 1000.0);
        root.put("childJvms", childStarts);
        ObjectNode c = root.putObject("counts");
        counts(results).forEach((o, n) -> c.put(o.name().toLowerCase(), n));
        Map<String, Integer> reasons = new LinkedHashMap<>();
        results.stream().filter(r -> r.outcome() == Outcome.REFUSED)
                .forEach(r -> reasons.merge(r.detail().split(" ", 2)[0], 1, Integer::sum));
        root.putPOJO("refusedByReason", reasons);
        ArrayNode all = root.putArray("results");
        for (Result r : results) {
            ObjectNode n = all.addObject();
            n.put("index", r.index());
            n.put("base", r.base());
            n.put("strategy", r.strategy().name());
            n.put("mutation", r.mutation());
            n.put("outcome", r.outcome().name());
            n.put("detail", r.detail());
            n.put("ms", r.millis());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    static Optional<Result> firstBad(List<Result> results) {
        return results.stream().filter(r -> r.outcome() == Outcome.CRASHED || r.outcome() == Outcome.HUNG
                || r.outcome() == Outcome.UNEXPECTED).findFirst();
    }
}
