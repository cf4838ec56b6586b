package dev.gavel.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Everything a bench run is asked to do.
 *
 * @param model          GGUF file
 * @param workload       workload name
 * @param dataDir        dataset directory
 * @param items          item limit (0 = all)
 * @param scenario       the main scenario (feedback, score-only or samples)
 * @param feedbackTokens free-text budget
 * @param samples        k of samples mode
 * @param threads        compute threads of every contender
 * @param parallel       Gavel parallel settings to sweep
 * @param flash          Gavel flash-attention settings to sweep
 * @param contenders     which contenders run: gavel, judge, score-only, jllama-default, jllama-best, naive, reference
 * @param quick          shorter reference probes
 * @param verbose        pass children's logs through
 */
public record BenchSettings(Path model, String workload, Path dataDir, int items, BenchScenario scenario, int feedbackTokens,
                            int samples, int threads, List<Integer> parallel, List<Boolean> flash,
                            Set<String> contenders, boolean quick, boolean verbose) {
    /** Contender names accepted by {@code --contenders}. */
    public static final List<String> CONTENDERS =
            List.of("gavel", "judge", "score-only", "jllama-default", "jllama-best", "naive", "reference");

    public BenchSettings {
        parallel = List.copyOf(parallel);
        flash = List.copyOf(flash);
        contenders = Set.copyOf(contenders);
        for (String c : contenders) {
            if (!CONTENDERS.contains(c)) {
                throw new IllegalArgumentException("unknown contender '" + c + "'; known: " + CONTENDERS);
            }
        }
    }

    public boolean runs(String contender) {
        return contenders.contains(contender);
    }
}
