package dev.gavel.bench;

import dev.gavel.ModelLoadException;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the JMH benchmarks that run llama.cpp share: the synthesized SmolLM2-135M-shaped Q8_0 model
 * (random weights, cached in the per-user cache; SmolLM2's own vocabulary when the shared fixtures
 * are at {@code -Dgavel.shared} or {@code ../shared}) and the compute threads
 * ({@code -Dgavel.threads}, default all processors).
 */
public final class JmhFixtures {
    private JmhFixtures() {
    }

    /** Loads the benchmark model, synthesizing it on first use. */
    public static LlamaModel smolLm2() throws IOException, ModelLoadException {
        Path shared = Path.of(System.getProperty("gavel.shared", "../shared"));
        Path file = BenchModels.resolve("smollm2-135m", "q8_0", BenchModels.defaultVocabulary("smollm2-135m", shared));
        return LlamaModel.load(file, ModelOptions.defaults());
    }

    /** Compute threads for llama.cpp. */
    public static int threads() {
        return Integer.getInteger("gavel.threads", Runtime.getRuntime().availableProcessors());
    }
}
