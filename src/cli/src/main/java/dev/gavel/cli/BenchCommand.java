package dev.gavel.cli;

import dev.gavel.bench.BenchModels;
import dev.gavel.bench.BenchReport;
import dev.gavel.bench.BenchRun;
import dev.gavel.bench.BenchScenario;
import dev.gavel.bench.BenchSettings;
import dev.gavel.bench.BenchSummary;
import dev.gavel.bench.Workloads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code gavel bench}: runs a workload through Gavel and, in the same run, through jllama's default
 * and best setups and a naive one-at-a-time loop, each in its own child JVM, and prints the table
 * and the ratios ({@code ratio_vs_jllama=<x>} last) or, with {@code --json}, one JSON object.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure judgments/s of a workload against jllama and the physical limits of this machine.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:bench done", "1:a contender or the setup failed", "2:usage error"})
public final class BenchCommand implements Callable<Integer> {
    /** Items of --quick: two responses to one Vicuna question (sized so the run stays under two minutes on 2 quiet cores). */
    static final int QUICK_ITEMS = 2;
    /** Items of a full run without --items. */
    static final int FULL_ITEMS = 16;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workload", defaultValue = "vicuna", description = "vicuna, hhh or pairwise (default ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--model", description = "GGUF judge model.")
    Path model;

    @Option(names = "--shape", description = "Synthesize (once, cached) a random model of this shape instead: smollm2-135m, qwen2.5-0.5b, llama3.2-1b, mistral-7b.")
    String shape;

    @Option(names = "--quant", defaultValue = "q8_0", description = "Weight type of a synthesized model (default ${DEFAULT-VALUE}).")
    String quant;

    @Option(names = "--vocab-from", description = "Vocabulary of a synthesized model: a tokenizer.json or a GGUF to copy (default: the family's tokenizer.json in <shared>/tokenizers, else <shared>/models/llama-2-tiny-random.gguf).")
    Path vocabFrom;

    @Option(names = "--shared", description = "The shared fixtures directory (default: -Dgavel.shared, else ../shared).")
    Path shared;

    @Option(names = "--data", description = "Dataset directory (default <shared>/data/dev).")
    Path data;

    @Option(names = "--quick", description = "A short run (" + QUICK_ITEMS + " items, one Gavel setting, short probes).")
    boolean quick;

    @Option(names = "--items", description = "Judgments to run (whole groups first; default " + FULL_ITEMS + ", quick " + QUICK_ITEMS + ", 0 = all).")
    Integer items;

    @Option(names = "--mode", defaultValue = "feedback", description = "feedback, score-only or samples (default ${DEFAULT-VALUE}); Gavel's score-only run is added unless excluded.")
    String mode;

    @Option(names = "--feedback-tokens", defaultValue = "128", description = "Free-text tokens every contender generates (default ${DEFAULT-VALUE}).")
    int feedbackTokens;

    @Option(names = "--samples", defaultValue = "3", description = "k of the samples mode (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--threads", description = "Compute threads of every contender (default: available processors).")
    Integer threads;

    @Option(names = "--parallel", split = ",", description = "Gavel parallel sequences to sweep (default 1,4,8,16; quick 8, the best measured on a CPU).")
    List<Integer> parallel;

    @Option(names = "--flash", defaultValue = "both", description = "Gavel flash attention: on, off or both (swept; default ${DEFAULT-VALUE}, quick on).")
    String flash;

    @Option(names = "--contenders", split = ",", description = "Subset of: gavel, judge, score-only, jllama-default, jllama-best, naive, reference (default all).")
    List<String> contenders;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--out", description = "Also write the JSON object to this file.")
    Path out;

    @Option(names = "--verbose", description = "Pass the child JVMs' logs through.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Path sharedDir = shared != null ? shared : Path.of(System.getProperty("gavel.shared", "../shared"));
        Path modelFile = model;
        if (modelFile == null) {
            if (shape == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --model or --shape");
            }
            Path vocab = vocabFrom != null ? vocabFrom : BenchModels.defaultVocabulary(shape, sharedDir);
            err.printf("bench: model of shape %s %s, vocabulary %s (cached in %s)%n", shape, quant,
                    vocab == null ? "byte-level" : vocab, BenchModels.cacheDir());
            modelFile = BenchModels.resolve(shape, quant, vocab);
        }
        if (!Workloads.NAMES.contains(workload)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown workload '" + workload + "'; known: " + Workloads.NAMES);
        }
        int n = items != null ? items : quick ? QUICK_ITEMS : FULL_ITEMS;
        List<Integer> sweep = parallel != null ? parallel : quick ? List.of(8) : List.of(1, 4, 8, 16);
        List<Boolean> fa = switch (flash) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> quick ? List.of(true) : List.of(false, true);
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--flash takes on, off or both");
        };
        Set<String> which = new LinkedHashSet<>(contenders != null ? contenders : BenchSettings.CONTENDERS);
        BenchSettings settings = new BenchSettings(modelFile, workload, data != null ? data : sharedDir.resolve("data/dev"), n,
                BenchScenario.parse(mode), feedbackTokens, samples,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), sweep, fa, which, quick, verbose);
        BenchSummary summary = new BenchRun(settings, err).run();
        String jsonText = BenchReport.json(summary);
        if (out != null) {
            Files.writeString(out, jsonText + System.lineSeparator());
        }
        System.out.println(json ? jsonText : BenchReport.text(summary));
        return 0;
    }
}
