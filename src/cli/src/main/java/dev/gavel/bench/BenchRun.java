package dev.gavel.bench;

import dev.gavel.GavelException;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.tokenize.TokenTrie;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a bench: prepares the prompts once (so every contender judges the very same tokens and
 * text), runs each contender in its own child JVM one after another, and derives the ratios and
 * physical bounds from results measured in this run.
 */
public final class BenchRun {
    private final BenchSettings settings;
    private final PrintStream progress;

    public BenchRun(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public BenchSummary run() throws IOException, GavelException, InterruptedException {
        Map<String, Double> load = new LinkedHashMap<>();
        load.put("before", loadAverage());
        Workload workload = Workloads.load(settings.workload(), settings.dataDir(), settings.items());
        Path work = Files.createTempDirectory("gavel-bench");
        try {
            BenchScenario mainMode = settings.scenario();
            List<BenchPrompt> mainPrompts;
            List<BenchPrompt> scorePrompts;
            try (LlamaModel model = LlamaModel.load(settings.model(), ModelOptions.defaults())) {
                PromptPreparer preparer = new PromptPreparer(model.vocabulary(), settings.feedbackTokens());
                mainPrompts = preparer.prepare(workload, mainMode == BenchScenario.SCORE_ONLY ? BenchScenario.FEEDBACK : mainMode);
                scorePrompts = preparer.prepare(workload, BenchScenario.SCORE_ONLY);
            }
            Path mainFile = write(work, "prompts-main.json", mainPrompts);
            Path scoreFile = write(work, "prompts-score.json", scorePrompts);
            long total = mainPrompts.stream().mapToLong(BenchPrompt::length).sum();
            long needed = TokenTrie.distinctTokens(mainPrompts.stream().map(BenchPrompt::tokens).toList());
            long scoreNeeded = TokenTrie.distinctTokens(scorePrompts.stream().map(BenchPrompt::tokens).toList());
            progress.printf("bench: %s, %d judgments (%d groups), prompt tokens %d (needed %d with shared prefixes once), model %s%n",
                    workload.name(), workload.items().size(), workload.groups(), total, needed, settings.model());

            ChildJvm child = new ChildJvm(work, settings.verbose());
            List<ContenderResult> results = new ArrayList<>();
            ContenderResult reference = null;
            if (settings.runs("reference")) {
                reference = run(child, results, spec(ContenderSpec.Kind.REFERENCE, "reference", mainFile, mainMode, 1, false, false));
            }
            ContenderResult jDefault = null;
            if (settings.runs("jllama-default")) {
                jDefault = run(child, results, spec(ContenderSpec.Kind.JLLAMA, "jllama default", mainFile, mainMode, 4, false, true));
            }
            ContenderResult jBest = null;
            if (settings.runs("jllama-best")) {
                ContenderResult one = run(child, results, spec(ContenderSpec.Kind.JLLAMA, "jllama 1 slot", mainFile, mainMode, 1, false, false));
                ContenderResult four = run(child, results, spec(ContenderSpec.Kind.JLLAMA, "jllama 4 slots fa", mainFile, mainMode, 4, true, false));
                jBest = one.judgmentsPerSecond() >= four.judgmentsPerSecond() ? one : four;
            }
            ContenderResult naive = null;
            if (settings.runs("naive")) {
                naive = run(child, results, spec(ContenderSpec.Kind.NAIVE, "naive loop", mainFile, mainMode, 1, false, false));
            }
            ContenderResult gavel = null;
            if (settings.runs("gavel")) {
                List<ContenderResult> sweep = new ArrayList<>();
                for (boolean fa : settings.flash()) {
                    for (int p : settings.parallel()) {
                        String label = "gavel p=" + p + (fa ? " fa" : "");
                        sweep.add(run(child, results, spec(ContenderSpec.Kind.GAVEL, label, mainFile, mainMode, p, fa, false)));
                    }
                }
                // Two engines of half the threads each, where there are two threads to share and
                // two sequences to give them; with flash attention when the sweep has it (its last setting).
                boolean twoFa = settings.flash().getLast();
                for (int p : settings.parallel()) {
                    if (settings.threads() >= 2 && p >= 2) {
                        String label = "gavel p=" + p + (twoFa ? " fa" : "") + " x2";
                        sweep.add(run(child, results, spec(ContenderSpec.Kind.GAVEL, label, mainFile, mainMode, p, twoFa,
                                false, 2)));
                    }
                }
                gavel = sweep.stream().max(Comparator.comparingDouble(ContenderResult::judgmentsPerSecond)).orElseThrow();
            }
            ContenderResult judge = null;
            if (settings.runs("judge")) {
                int p = gavel != null ? parallelOf(gavel) : settings.parallel().getFirst();
                int engines = gavel != null ? enginesOf(gavel) : 1;
                judge = run(child, results, spec(ContenderSpec.Kind.JUDGE, "judge api p=" + p + (engines > 1 ? " x" + engines : ""),
                        mainFile, mainMode, p, false, false, engines));
            }
            ContenderResult scoreOnly = null;
            if (settings.runs("score-only")) {
                int p = gavel != null ? parallelOf(gavel) : settings.parallel().getFirst();
                boolean fa = gavel != null ? gavel.setup().contains("flash") : settings.flash().getFirst();
                int engines = gavel != null ? enginesOf(gavel) : 1;
                scoreOnly = run(child, results, spec(ContenderSpec.Kind.GAVEL, "gavel score-only p=" + p + (fa ? " fa" : "")
                        + (engines > 1 ? " x" + engines : ""), scoreFile, BenchScenario.SCORE_ONLY, p, fa, false, engines));
            }
            load.put("after", loadAverage());
            return summarize(workload, results, gavel, scoreOnly, jDefault, jBest, naive, reference, total, needed,
                    scoreNeeded, load);
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private ContenderSpec spec(ContenderSpec.Kind kind, String label, Path prompts, BenchScenario mode, int parallel,
                               boolean fa, boolean warmup) {
        return spec(kind, label, prompts, mode, parallel, fa, warmup, 1);
    }

    private ContenderSpec spec(ContenderSpec.Kind kind, String label, Path prompts, BenchScenario mode, int parallel,
                               boolean fa, boolean warmup, int engines) {
        return new ContenderSpec(kind, label, settings.model().toString(), prompts.toString(), mode,
                settings.feedbackTokens(), settings.samples(), settings.threads(), parallel, fa, warmup, true,
                settings.quick(), settings.workload(), settings.dataDir().toString(), settings.items(), engines);
    }

    private ContenderResult run(ChildJvm child, List<ContenderResult> results, ContenderSpec spec)
            throws IOException, InterruptedException {
        progress.printf("bench: running %s ...%n", spec.label());
        ContenderResult r = child.run(spec);
        results.add(r);
        if (spec.kind() == ContenderSpec.Kind.REFERENCE) {
            progress.printf("bench:   prefill ceiling %.1f tok/s, best decode %.1f tok/s (%s), %.1f s%n",
                    number(r.extra().get("prefill_ceiling_tok_s")), number(r.extra().get("best_decode_tok_s")),
                    r.extra().get("best_decode_setting"), r.wallSeconds());
        } else {
            progress.printf("bench:   %.3f judgments/s, %.1f s wall%n", r.judgmentsPerSecond(), r.wallSeconds());
        }
        return r;
    }

    private BenchSummary summarize(Workload workload, List<ContenderResult> results, ContenderResult gavel,
                                   ContenderResult scoreOnly, ContenderResult jDefault, ContenderResult jBest,
                                   ContenderResult naive, ContenderResult reference, long total, long needed,
                                   long scoreNeeded, Map<String, Double> load) {
        int n = workload.items().size();
        Double ceiling = reference == null ? null : number(reference.extra().get("prefill_ceiling_tok_s"));
        Double decode = reference == null ? null : number(reference.extra().get("best_decode_tok_s"));
        String decodeSetting = reference == null ? null : String.valueOf(reference.extra().get("best_decode_setting"));
        Double ratio = gavel != null && jBest != null ? gavel.judgmentsPerSecond() / jBest.judgmentsPerSecond() : null;
        Double ratioDefault = gavel != null && jDefault != null ? gavel.judgmentsPerSecond() / jDefault.judgmentsPerSecond() : null;
        Double ceilingJudgments = ceiling == null ? null : ceiling / ((double) scoreNeeded / n);
        Double lowerBound = ceiling == null || decode == null || gavel == null ? null
                : needed / ceiling + gavel.generatedTokens() / decode;
        return new BenchSummary(workload.name(), settings.model().toString(), settings.scenario().id(), n,
                settings.feedbackTokens(), settings.threads(), results, gavel, scoreOnly, jDefault, jBest, naive,
                total, needed, scoreNeeded, ceiling, decode, decodeSetting, ratio, ratioDefault, ceilingJudgments,
                lowerBound, gavel == null ? null : gavel.wallSeconds(), load);
    }

    private static int parallelOf(ContenderResult gavel) {
        String s = gavel.label().replaceAll(".*p=(\\d+).*", "$1");
        return Integer.parseInt(s);
    }

    private static int enginesOf(ContenderResult gavel) {
        return gavel.label().matches(".* x\\d+$") ? Integer.parseInt(gavel.label().replaceAll(".* x(\\d+)$", "$1")) : 1;
    }

    private static Path write(Path dir, String name, List<BenchPrompt> prompts) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, BenchJson.MAPPER.writeValueAsString(prompts));
        return f;
    }

    static Double number(Object o) {
        return o instanceof Number num ? num.doubleValue() : null;
    }

    /** The 1-minute load average from /proc/loadavg, or -1 where unavailable. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
