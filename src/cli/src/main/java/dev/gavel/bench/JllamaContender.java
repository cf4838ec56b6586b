package dev.gavel.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.gavel.gguf.GgufValidator;
import dev.gavel.gguf.ModelInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * jllama's own {@code LlamaModel} (llama.cpp's server loop with slots) given the exact prompt
 * text, called from as many threads as it has slots. Feedback modes generate exactly the feedback
 * budget ({@code n_predict} with end-of-generation ignored); score-only generates one token.
 */
final class JllamaContender implements Contender {
    /** Prompt tokens plus n_predict plus this margin must fit one slot's share of the context. */
    private static final int SLOT_MARGIN = 64;

    @Override
    public ContenderResult run(ContenderSpec c, List<BenchPrompt> prompts) throws Exception {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
        ModelInfo info = GgufValidator.validate(Path.of(c.model()));
        int k = GenerationSpecs.perJudgment(c);
        int nPredict = c.scenario() == BenchScenario.SCORE_ONLY ? 1 : c.feedbackTokens();
        int maxPrompt = 0;
        long promptTokens = 0;
        for (BenchPrompt p : prompts) {
            // The server adds BOS and parses special tokens over the whole text.
            maxPrompt = Math.max(maxPrompt, p.textTokens());
            promptTokens += (long) p.textTokens() * k;
        }
        int slots = c.parallel();
        int perSlot = GavelContender.roundUp(maxPrompt + nPredict + SLOT_MARGIN, 256);
        int contextSize = slots * perSlot;
        ModelParameters mp = new ModelParameters().setModel(c.model()).setCtxSize(contextSize).setParallel(slots)
                .setThreads(c.threads()).setThreadsBatch(c.threads()).setBatchSize(512);
        if (!c.warmup()) {
            mp.skipWarmup();
        }
        if (c.flashAttention()) {
            mp.enableFlashAttn();
        }
        KvGeometry kv = KvGeometry.of(info);
        try (LlamaModel model = new LlamaModel(mp)) {
            AtomicInteger next = new AtomicInteger();
            AtomicLong firstDone = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger[] remaining = new AtomicInteger[prompts.size()];
            for (int i = 0; i < remaining.length; i++) {
                remaining[i] = new AtomicInteger(k);
            }
            AtomicInteger emptyOutputs = new AtomicInteger();
            int total = prompts.size() * k;
            ExecutorService pool = Executors.newFixedThreadPool(slots);
            long t0 = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < slots; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        int item = i / k;
                        int sample = i % k;
                        InferenceParameters ip = new InferenceParameters(prompts.get(item).text())
                                .setNPredict(nPredict).setIgnoreEos(true).setCachePrompt(c.cachePrompt());
                        if (c.scenario() == BenchScenario.SAMPLES) {
                            ip.setTemperature(GenerationSpecs.SAMPLE_TEMPERATURE).setTopP(GenerationSpecs.SAMPLE_TOP_P)
                                    .setSeed(1000 + sample);
                        } else {
                            ip.setTemperature(0f).setTopK(1).setSeed(42);
                        }
                        String out = model.complete(ip);
                        if (out.isEmpty()) {
                            emptyOutputs.incrementAndGet();
                        }
                        if (remaining[item].decrementAndGet() == 0) {
                            long now = System.nanoTime();
                            firstDone.accumulateAndGet(now, Math::min);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("context_size", contextSize);
            extra.put("empty_outputs", emptyOutputs.get());
            String setup = slots + (slots == 1 ? " slot" : " slots") + (c.cachePrompt() ? ", prompt cache" : "")
                    + (c.flashAttention() ? ", flash attention" : "") + (c.warmup() ? ", warm-up" : ", skipWarmup");
            return new ContenderResult(c.label(), c.kind().id(), setup, c.scenario().id(), prompts.size(), total, wall,
                    promptTokens, -1, (long) nPredict * total, (firstDone.get() - t0) / 1e9, -1,
                    kv.bytes(contextSize), 0, null, extra);
        }
    }
}
