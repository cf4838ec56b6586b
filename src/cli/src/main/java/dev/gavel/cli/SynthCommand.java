package dev.gavel.cli;

import dev.gavel.ModelLoadException;
import dev.gavel.gguf.GgmlType;
import dev.gavel.gguf.GgufVocabulary;
import dev.gavel.gguf.ModelShape;
import dev.gavel.gguf.ModelSynthesizer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gavel synth}: writes a random-weight GGUF model of a real shape, for tests and benchmarks. */
@Command(name = "synth",
        mixinStandardHelpOptions = true,
        description = {"Write a GGUF model (llama or qwen3 architecture) with seeded random weights, of a named shape"
                + " or of given llama sizes: it loads and runs at the real model's size and speed, but judges nothing.",
                "Named shapes: smollm2-135m, qwen2.5-0.5b, llama3.2-1b, mistral-7b (Prometheus 2 7B's),"
                + " qwen3-0.6b (Qwen3: per-head query/key norms, head size 128), tiny, tiny-tied, qwen3-tiny."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:model written", "2:usage error (unknown shape, bad sizes)",
                "4:--vocab-from is not a usable GGUF file", "5:the output file cannot be written"})
public final class SynthCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ShapeChoice shape;

    /** Either a named shape or explicit sizes. */
    static final class ShapeChoice {
        @Option(names = "--shape", paramLabel = "NAME", description = "A named shape (see above).")
        String name;

        @ArgGroup(exclusive = false)
        Sizes sizes;
    }

    /** Explicit sizes of a custom shape. */
    static final class Sizes {
        @Option(names = "--embedding", required = true, description = "Hidden size.")
        int embedding;
        @Option(names = "--layers", required = true, description = "Transformer blocks.")
        int layers;
        @Option(names = "--heads", required = true, description = "Attention heads (must divide --embedding).")
        int heads;
        @Option(names = "--kv-heads", description = "Key/value heads (default: --heads).")
        Integer kvHeads;
        @Option(names = "--ffn", description = "Feed-forward size (default: 4 x --embedding).")
        Integer ffn;
        @Option(names = "--context", defaultValue = "4096", description = "Trained context length (default ${DEFAULT-VALUE}).")
        int context;
        @Option(names = "--vocab-size", defaultValue = "32000",
                description = "Vocabulary size when no --vocab-from (default ${DEFAULT-VALUE}).")
        int vocabSize;
        @Option(names = "--tied", description = "Tie the output projection to the token embedding.")
        boolean tied;
    }

    @Option(names = "--quant", defaultValue = "f16", paramLabel = "TYPE",
            description = "Weight type: f32, f16, q8_0, q4_0, q4_k_m (default ${DEFAULT-VALUE}).")
    String quant;

    @Option(names = "--vocab-from", paramLabel = "M.gguf",
            description = "Copy the tokenizer (vocabulary, merges, special tokens, chat template) from this model.")
    Path vocabFrom;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; same seed, same file (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--name", description = "general.name (default: <shape>-random-<type>).")
    String name;

    @Option(names = "--out", required = true, paramLabel = "OUT.gguf", description = "File to write.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelShape s = resolveShape();
        GgmlType type = ModelSynthesizer.weightTypeNamed(quant).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown --quant '" + quant + "'; use " + ModelSynthesizer.WEIGHT_TYPE_NAMES));
        ModelSynthesizer.Builder b = ModelSynthesizer.builder(s).weightType(type).seed(seed);
        if (name != null) {
            b.name(name);
        }
        if (vocabFrom != null) {
            try {
                b.vocabulary(GgufVocabulary.copyFrom(vocabFrom));
            } catch (ModelLoadException e) {
                err.println("gavel synth: --vocab-from: " + ModelProblems.explain(e));
                err.flush();
                return ExitCodes.MODEL;
            }
        }
        ModelSynthesizer synth;
        try {
            synth = b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            synth.write(out);
        } catch (IOException e) {
            err.println("gavel synth: cannot write " + out + ": " + e.getMessage()
                    + "; check the directory exists, is writable and has room");
            err.flush();
            return ExitCodes.OUTPUT;
        }
        ModelShape w = synth.shape();
        stdout.printf(Locale.ROOT, "wrote %s: %s, %,d parameters, %s, vocabulary %d%n", out, w.name(),
                w.parameterCount(), type.name(), w.vocabSize());
        stdout.flush();
        return ExitCodes.OK;
    }

    private ModelShape resolveShape() {
        if (shape.name != null) {
            return ModelShape.named(shape.name).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "unknown --shape '" + shape.name + "'; use one of "
                    + String.join(", ", ModelShape.known().stream().map(ModelShape::name).toList())));
        }
        Sizes z = shape.sizes;
        try {
            return new ModelShape("custom", z.embedding, z.layers, z.heads, z.kvHeads == null ? z.heads : z.kvHeads,
                    z.ffn == null ? 4 * z.embedding : z.ffn, z.context, z.vocabSize, 10000, 1e-5, z.tied);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
