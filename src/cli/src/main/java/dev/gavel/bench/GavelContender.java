package dev.gavel.bench;

import dev.gavel.EngineMetrics;
import dev.gavel.engine.EngineOptions;
import dev.gavel.engine.EnginePool;
import dev.gavel.engine.Generation;
import dev.gavel.engine.GenerationRequest;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gavel's engine: every generation submitted at once, continuous batching over {@code parallel}
 * sequences, prefix cache on; with {@code engines > 1}, that many engines side by side sharing out
 * the threads and sequences. Also the naive contender: one sequence, no prefix reuse, one
 * request at a time (submit, wait, next).
 */
final class GavelContender implements Contender {
    private final boolean naive;

    GavelContender(boolean naive) {
        this.naive = naive;
    }

    @Override
    public ContenderResult run(ContenderSpec c, List<BenchPrompt> prompts) throws Exception {
        try (LlamaModel model = LlamaModel.load(Path.of(c.model()), ModelOptions.defaults())) {
            int k = GenerationSpecs.perJudgment(c);
            List<GenerationRequest> requests = new ArrayList<>(prompts.size() * k);
            int maxPrompt = 0;
            int maxGen = 0;
            long promptTokens = 0;
            for (BenchPrompt p : prompts) {
                for (int s = 0; s < k; s++) {
                    GenerationSpec spec = GenerationSpecs.spec(c, p, model.vocabulary(), s);
                    requests.add(new GenerationRequest(p.tokens(), spec));
                    maxGen = Math.max(maxGen, spec.maxTokens());
                }
                maxPrompt = Math.max(maxPrompt, p.length());
                promptTokens += (long) p.length() * k;
            }
            int parallel = naive ? 1 : c.parallel();
            // Each sequence slot has a KV stream of its own, sized for the longest request.
            int contextSize = roundUp(maxPrompt + maxGen, 256);
            EngineOptions.Builder builder = EngineOptions.builder().contextSize(contextSize)
                    .batchSize(dev.gavel.engine.Tuning.automaticBatchSize(c.flashAttention(), false)).parallel(parallel).prefixCache(!naive)
                    .threads(c.threads()).flashAttention(c.flashAttention());
            if (naive) {
                builder.cachedPrefixes(0);
            }
            EngineOptions options = builder.build();
            KvGeometry kv = KvGeometry.of(model.info());
            try (EnginePool engine = new EnginePool(model, options, naive ? 1 : c.engines())) {
                long t0 = System.nanoTime();
                List<Generation> done = new ArrayList<>(requests.size());
                if (naive) {
                    for (GenerationRequest r : requests) {
                        done.add(engine.submit(r).join());
                    }
                } else {
                    List<CompletableFuture<Generation>> futures = new ArrayList<>(requests.size());
                    for (GenerationRequest r : requests) {
                        futures.add(engine.submit(r));
                    }
                    for (CompletableFuture<Generation> f : futures) {
                        done.add(f.join());
                    }
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                // The loop adds a step's time after completing its requests: stop it so the counters are final.
                engine.close();
                EngineMetrics m = engine.metrics();
                int wellFormed = 0;
                for (Generation g : done) {
                    if (!g.choices().isEmpty()) {
                        wellFormed++;
                    }
                }
                Map<String, Object> extra = engineExtras(m, contextSize, wellFormed);
                double lastFirstToken = 0;
                for (Generation g : done) {
                    lastFirstToken = Math.max(lastFirstToken, g.timeToFirstToken().toNanos() / 1e9);
                }
                // With every request submitted at once: roughly when the last prompt finished prefilling.
                extra.put("last_first_token_s", lastFirstToken);
                String setup = naive ? "1 sequence, no prefix reuse, one request at a time"
                        : "parallel " + parallel + ", prefix cache" + (c.flashAttention() ? ", flash attention" : "")
                        + (c.engines() > 1 ? ", " + c.engines() + " engines of " + c.threads() / c.engines() + " thread" : "");
                return new ContenderResult(c.label(), c.kind().id(), setup, c.scenario().id(), prompts.size(),
                        requests.size(), wall, promptTokens, m.promptTokensComputed(), m.generatedTokens(),
                        firstJudgment(naive ? done.subList(0, k) : done, k), kv.bytes(m.peakKvCells()), kv.bytes(contextSize), 0,
                        m.javaShare(), extra);
            }
        }
    }

    /** The engine's counters as a contender's extra report fields (shared with the Judge API contender). */
    static Map<String, Object> engineExtras(EngineMetrics m, int contextSize, int wellFormed) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("context_size", contextSize);
        extra.put("well_formed", wellFormed);
        extra.put("decode_seconds", m.decodeNanos() / 1e9);
        extra.put("loop_seconds", m.loopNanos() / 1e9);
        extra.put("decode_calls", m.decodeCalls());
        extra.put("batched_tokens", m.batchedTokens());
        extra.put("prompt_tokens_reused", m.promptTokensReused());
        extra.put("cache_hits", m.cacheHits());
        extra.put("evictions", m.evictions());
        extra.put("peak_kv_cells", m.peakKvCells());
        return extra;
    }

    /** Seconds from the common start to the first judgment whose k generations all finished. */
    private static double firstJudgment(List<Generation> done, int k) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < done.size(); i += k) {
            double last = 0;
            for (int s = 0; s < k; s++) {
                last = Math.max(last, done.get(i + s).total().toNanos() / 1e9);
            }
            best = Math.min(best, last);
        }
        return best;
    }

    static int roundUp(int n, int to) {
        return (n + to - 1) / to * to;
    }
}
