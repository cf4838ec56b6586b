package dev.gavel.bench;

import java.util.List;

/** One way of running the judgments, measured inside its own child JVM. */
public interface Contender {
    /**
     * Runs every prompt (k times in samples mode) and measures it.
     *
     * @param spec    the setup
     * @param prompts the prompts, in submission order
     */
    ContenderResult run(ContenderSpec spec, List<BenchPrompt> prompts) throws Exception;
}
