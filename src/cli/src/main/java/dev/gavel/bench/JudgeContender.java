package dev.gavel.bench;

import dev.gavel.EngineMetrics;
import dev.gavel.Judgment;
import dev.gavel.PairwiseJudgment;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The product path: the same work items through the public Judge API ({@link Judge#gradeAsync},
 * {@link Judge#compareAsync} with one order per item), all submitted at once. The Judge renders
 * and tokenizes the prompts itself (Prometheus 2 with the Mistral template, as the bench does).
 * Flash attention and the batch size are the Judge's automatic choices.
 */
final class JudgeContender implements Contender {

    @Override
    public ContenderResult run(ContenderSpec c, List<BenchPrompt> prompts) throws Exception {
        Workload workload = Workloads.load(c.workload(), Path.of(c.dataDir()), c.items());
        int maxPrompt = prompts.stream().mapToInt(BenchPrompt::length).max().orElse(1);
        int k = GenerationSpecs.perJudgment(c);
        int perSequence = maxPrompt + c.feedbackTokens() + 32;
        // The Judge's context size is per request: each parallel request has a KV stream of its own.
        int contextSize = GavelContender.roundUp(perSequence, 256);
        JudgeOptions.Builder o = JudgeOptions.builder().format("prometheus2").chatTemplate("mistral")
                .mode(c.scenario().judgeMode())
                .feedbackTokens(c.feedbackTokens()).parallel(c.parallel()).contextSize(contextSize)
                .threads(c.threads()).engines(c.engines()).prefixCache(true).pairwiseBothOrders(false).samples(k);
        if (c.scenario() == BenchScenario.SAMPLES) {
            o.temperature(GenerationSpecs.SAMPLE_TEMPERATURE).topP(GenerationSpecs.SAMPLE_TOP_P);
        }
        KvGeometry kv;
        try (Judge judge = Judge.open(Path.of(c.model()), o.build())) {
            kv = new KvGeometry(0, 0);
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> done = new ArrayList<>();
            for (WorkItem item : workload.items()) {
                CompletableFuture<?> f = item.absolute() != null ? judge.gradeAsync(item.absolute())
                        : judge.compareAsync(item.pairwise());
                done.add(f.thenApply(x -> System.nanoTime()));
            }
            long first = Long.MAX_VALUE;
            int wellFormed = 0;
            for (int i = 0; i < done.size(); i++) {
                first = Math.min(first, done.get(i).join());
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            judge.close();
            EngineMetrics m = judge.metrics();
            for (CompletableFuture<Long> f : done) {
                if (f.isDone() && !f.isCompletedExceptionally()) {
                    wellFormed++;
                }
            }
            Map<String, Object> extra = GavelContender.engineExtras(m, contextSize, wellFormed);
            dev.gavel.gguf.ModelInfo info = dev.gavel.gguf.GgufValidator.validate(Path.of(c.model()));
            kv = KvGeometry.of(info);
            long promptTokens = m.promptTokensComputed() + m.promptTokensReused();
            return new ContenderResult(c.label(), c.kind().id(), "Judge API, parallel " + c.parallel() + ", prefix cache"
                    + (c.engines() > 1 ? ", " + c.engines() + " engines" : ""),
                    c.scenario().id(), workload.items().size(), (int) m.submitted(), wall, promptTokens,
                    m.promptTokensComputed(), m.generatedTokens(), (first - t0) / 1e9, kv.bytes(m.peakKvCells()),
                    kv.bytes(contextSize), 0, m.javaShare(), extra);
        }
    }

    /** Keeps the judgment types referenced for readers: both complete the futures above. */
    @SuppressWarnings("unused")
    private static final Class<?>[] RESULT_TYPES = {Judgment.class, PairwiseJudgment.class};
}
