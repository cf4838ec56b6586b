package dev.gavel.reference;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * jllama's own Java API (llama.cpp's server loop), the independent reference that differential
 * tests compare Gavel with. Only tests and benchmarks touch it.
 */
public final class Jllama {
    static {
        // jllama logs every llama.cpp line to stdout unless given a logger.
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
    }

    private Jllama() {
    }

    /** One slot, no warm-up (its warm-up would run llama.cpp on the test thread). */
    public static LlamaModel open(Path model, int contextSize) {
        return new LlamaModel(new ModelParameters()
                .setModel(model.toString())
                .setCtxSize(contextSize)
                .setParallel(1)
                .setThreads(2)
                .setThreadsBatch(2)
                .skipWarmup());
    }

    /** Greedy continuation: the text piece of every generated token, in order. */
    public static List<String> greedyPieces(LlamaModel model, String prompt, int maxTokens) {
        InferenceParameters p = new InferenceParameters(prompt)
                .setNPredict(maxTokens)
                .setTemperature(0f)
                .setTopK(1)
                .setRepeatPenalty(1f)
                .setSeed(42)
                .setCachePrompt(false);
        List<String> pieces = new ArrayList<>();
        for (LlamaOutput out : model.generate(p)) {
            pieces.add(out.text);
        }
        // The server's final "stop" message carries no token.
        if (!pieces.isEmpty() && pieces.getLast().isEmpty()) {
            pieces.removeLast();
        }
        return pieces;
    }
}
