package dev.gavel.bench;

import java.util.Locale;

/**
 * One child-JVM run: which contender, in which setup, on which work.
 *
 * @param kind            what runs: gavel (engine), judge (the Judge API), naive, jllama, or the physical reference probe
 * @param label           the name shown in the report (e.g. "gavel p=8 fa", "jllama default")
 * @param model           GGUF file
 * @param promptsFile     JSON file of the {@link BenchPrompt}s to judge (written by the parent, so
 *                        every contender gets the very same prompts)
 * @param scenario        what each judgment asks
 * @param feedbackTokens  free-text budget of feedback modes
 * @param samples         generations per judgment in samples mode
 * @param threads         compute threads
 * @param parallel        Gavel: sequences decoded together; jllama: slots
 * @param flashAttention  flash attention on
 * @param warmup          jllama: run its load-time warm-up (its default)
 * @param cachePrompt     jllama: keep each slot's last prompt for reuse (its default setup)
 * @param quick           reference probe: fewer repetitions
 * @param workload        workload name (the Judge API contender judges the requests themselves)
 * @param dataDir         dataset directory
 * @param items           item limit
 * @param engines         Gavel and the Judge API: engines side by side, sharing out the threads
 *                        and the parallel sequences
 */
public record ContenderSpec(Kind kind, String label, String model, String promptsFile,
                            BenchScenario scenario, int feedbackTokens, int samples, int threads, int parallel,
                            boolean flashAttention, boolean warmup, boolean cachePrompt, boolean quick,
                            String workload, String dataDir, int items, int engines) {

    /** Contender kinds. */
    public enum Kind {
        GAVEL, JUDGE, NAIVE, JLLAMA, REFERENCE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

}
