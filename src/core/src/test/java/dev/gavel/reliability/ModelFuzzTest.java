package dev.gavel.reliability;

import dev.gavel.reliability.FuzzChild.Outcome;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model-file fuzzing: seeded mutants of the fixture models go through the user's path (open a
 * judge, judge one item) in child JVMs; none may crash the JVM, hang, or fail with anything but a
 * typed error. The default suite runs a small sample; the long run that docs/reliability.md
 * records is this same test with {@code -Dgavel.fuzz.mutants=1200} (and optionally
 * {@code -Dgavel.fuzz.seed=N}, {@code -Dgavel.fuzz.report=FILE}); {@code -Dgavel.fuzz.only=639,1168}
 * reruns just those mutants of the seed; {@code -Dgavel.fuzz.sweep=true} adds the deterministic
 * sweeps (every scalar value and tensor type of each fixture at boundary values).
 */
class ModelFuzzTest {
    @TempDir
    Path work;

    @Test
    void seededMutantsOfTheFixtureModelsNeverCrashOrHang() throws Exception {
        int mutants = Integer.getInteger("gavel.fuzz.mutants", 100);
        long seed = Long.getLong("gavel.fuzz.seed", 18);
        Path report = Path.of(System.getProperty("gavel.fuzz.report", "target/reliability/model-fuzz.json"));
        List<ModelFuzzer.Base> bases = new ArrayList<>();
        for (String name : List.of("stories260K.gguf", "llama-2-tiny-random.gguf")) {
            Path p = SharedFixtures.root().resolve("models").resolve(name);
            if (Files.isRegularFile(p)) {
                bases.add(new ModelFuzzer.Base(name, Files.readAllBytes(p)));
            }
        }
        // Without the shared fixtures the synthesized model still gives a meaningful sample.
        bases.add(new ModelFuzzer.Base("synthesized-tiny-byte-level", Files.readAllBytes(TestModels.tinyByteLevel())));

        ModelFuzzer fuzzer = new ModelFuzzer(bases, seed, work, Duration.ofSeconds(60));
        long start = System.nanoTime();
        String only = System.getProperty("gavel.fuzz.only", "");
        List<ModelFuzzer.Result> results = only.isBlank() ? fuzzer.run(mutants)
                : fuzzer.run(java.util.Arrays.stream(only.split(",")).map(String::strip).map(Integer::valueOf).toList());
        if (Boolean.getBoolean("gavel.fuzz.sweep")) {
            results = new ArrayList<>(results);
            results.addAll(fuzzer.runSweeps());
        }
        mutants = results.size();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        fuzzer.writeReport(report, results, took);

        Map<Outcome, Integer> counts = ModelFuzzer.counts(results);
        System.out.printf("model fuzz: %d mutants of %s, seed %d, %.1f s, %d child JVMs: %s%n", mutants,
                bases.stream().map(ModelFuzzer.Base::name).toList(), seed, took.toMillis() / 1000.0,
                fuzzer.childStarts(), counts);
        System.out.print(ModelFuzzer.table(results));
        String bad = results.stream().filter(r -> r.outcome() == Outcome.CRASHED || r.outcome() == Outcome.HUNG
                        || r.outcome() == Outcome.UNEXPECTED)
                .map(r -> "#" + r.index() + " " + r.base() + " [" + r.strategy() + "] " + r.mutation() + " => "
                        + r.outcome() + " " + r.detail())
                .collect(Collectors.joining("\n"));
        assertEquals("", bad, "mutants that crashed, hung or failed untyped (reproduce with seed " + seed + ")");
        assertEquals(mutants, results.size());
        // The sample must exercise both sides: files refused and files that still load and judge.
        assertTrue(counts.get(Outcome.REFUSED) > 0 && counts.get(Outcome.JUDGED) > 0, counts.toString());
    }
}
