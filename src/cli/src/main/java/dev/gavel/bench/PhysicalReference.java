package dev.gavel.bench;

import dev.gavel.llama.Batch;
import dev.gavel.llama.ContextOptions;
import dev.gavel.gguf.GgmlType;
import dev.gavel.llama.LlamaContext;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The physical references of a run, measured with the raw binding on the same model and threads:
 * <ul>
 *   <li>the prefill ceiling: prompt tokens/s of a single 512-token batch of one sequence (median
 *       of several repetitions after a warm-up; flash attention off and on, the better one kept;
 *       quick runs measure it without flash attention only);</li>
 *   <li>batched decode rates: generated tokens/s with S sequences each holding a prompt of the
 *       workload's median length, one token per sequence per step, for each S and flash attention
 *       off and on. The prompt's cells are shared by the S sequences ({@code llama_kv_self_seq_cp}),
 *       so the probe is quick; since in b4916 a step without flash attention attends over every
 *       used cell, this is an optimistic (best-case) rate for large S, as a reference should be.
 *       Quick runs measure it with flash attention only.</li>
 * </ul>
 * Every decode runs on the calling thread, which lives as long as the contexts.
 */
final class PhysicalReference implements Contender {
    static final int PREFILL_BATCH = 512;
    static final int[] DECODE_SEQUENCES = {1, 4, 8, 16, 32};

    @Override
    public ContenderResult run(ContenderSpec c, List<BenchPrompt> prompts) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Object> extra = new LinkedHashMap<>();
        try (LlamaModel model = LlamaModel.load(Path.of(c.model()), ModelOptions.defaults())) {
            int[] source = concatenated(prompts, PREFILL_BATCH);
            int reps = c.quick() ? 2 : 5;
            double best = 0;
            // Quick runs skip the slower variants: flash attention for one sequence, no flash attention for many.
            boolean[] prefillFa = c.quick() ? new boolean[]{false} : new boolean[]{false, true};
            boolean[] decodeFa = c.quick() ? new boolean[]{true} : new boolean[]{false, true};
            for (boolean fa : prefillFa) {
                double[] rates = prefillRates(model, c.threads(), fa, source, reps);
                double median = median(rates);
                extra.put("prefill_tok_s_" + (fa ? "fa" : "nofa"), median);
                extra.put("prefill_tok_s_" + (fa ? "fa" : "nofa") + "_runs", rates);
                best = Math.max(best, median);
            }
            extra.put("prefill_ceiling_tok_s", best);

            int[] lengths = prompts.stream().mapToInt(BenchPrompt::length).sorted().toArray();
            int context = lengths[lengths.length / 2];
            extra.put("decode_context_tokens", context);
            int[] prefix = Arrays.copyOf(concatenated(prompts, context), context);
            int warm = c.quick() ? 2 : 4;
            int steps = c.quick() ? 8 : 16;
            int maxS = c.quick() ? 16 : DECODE_SEQUENCES[DECODE_SEQUENCES.length - 1];
            Map<String, Double> rates = new LinkedHashMap<>();
            double bestDecode = 0;
            String bestSetting = "";
            for (boolean fa : decodeFa) {
                Map<Integer, Double> r = decodeRates(model, c.threads(), fa, prefix, maxS, warm, steps);
                for (Map.Entry<Integer, Double> e : r.entrySet()) {
                    String key = "S=" + e.getKey() + (fa ? " fa" : " nofa");
                    rates.put(key, e.getValue());
                    if (e.getValue() > bestDecode) {
                        bestDecode = e.getValue();
                        bestSetting = key;
                    }
                }
            }
            extra.put("decode_tok_s", rates);
            extra.put("best_decode_tok_s", bestDecode);
            extra.put("best_decode_setting", bestSetting);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new ContenderResult(c.label(), c.kind().id(), "raw binding probes", c.scenario().id(), 0, 0, wall, 0, 0, 0,
                0, -1, -1, 0, null, extra);
    }

    /** The prompts' tokens one after another, cut to {@code n} (repeated if they are shorter). */
    static int[] concatenated(List<BenchPrompt> prompts, int n) {
        int[] out = new int[n];
        int i = 0;
        while (i < n) {
            for (BenchPrompt p : prompts) {
                int[] t = p.tokens();
                int take = Math.min(t.length, n - i);
                System.arraycopy(t, 0, out, i, take);
                i += take;
                if (i == n) {
                    break;
                }
            }
        }
        return out;
    }

    private static double[] prefillRates(LlamaModel model, int threads, boolean fa, int[] tokens, int reps) {
        ContextOptions o = new ContextOptions(1024, PREFILL_BATCH, PREFILL_BATCH, 1, threads, threads,
                GgmlType.F16, GgmlType.F16, fa);
        double[] rates = new double[reps];
        try (LlamaContext ctx = model.newContext(o); Batch batch = ctx.newBatch(PREFILL_BATCH)) {
            for (int r = -1; r < reps; r++) {
                ctx.clearKv();
                batch.clear();
                for (int i = 0; i < tokens.length; i++) {
                    batch.add(tokens[i], i, 0, i == tokens.length - 1);
                }
                long t = System.nanoTime();
                check(ctx.decode(batch));
                double s = (System.nanoTime() - t) / 1e9;
                if (r >= 0) {
                    rates[r] = tokens.length / s;
                }
            }
        }
        return rates;
    }

    private static Map<Integer, Double> decodeRates(LlamaModel model, int threads, boolean fa, int[] prefix, int maxS,
                                                    int warm, int steps) {
        // One KV stream per sequence, as the engine runs: each holds the prefix and its own tokens.
        int cells = GavelContender.roundUp(prefix.length + warm + steps + 16, 256) * maxS;
        ContextOptions o = new ContextOptions(cells, PREFILL_BATCH, PREFILL_BATCH, maxS, threads, threads,
                GgmlType.F16, GgmlType.F16, fa);
        Map<Integer, Double> out = new LinkedHashMap<>();
        try (LlamaContext ctx = model.newContext(o); Batch batch = ctx.newBatch(PREFILL_BATCH)) {
            for (int from = 0; from < prefix.length; from += PREFILL_BATCH) {
                batch.clear();
                int to = Math.min(prefix.length, from + PREFILL_BATCH);
                for (int i = from; i < to; i++) {
                    batch.add(prefix[i], i, 0, false);
                }
                check(ctx.decode(batch));
            }
            for (int s = 1; s < maxS; s++) {
                ctx.kvFork(0, s, prefix.length);
            }
            for (int sequences : DECODE_SEQUENCES) {
                if (sequences > maxS) {
                    break;
                }
                long start = 0;
                for (int step = 0; step < warm + steps; step++) {
                    if (step == warm) {
                        start = System.nanoTime();
                    }
                    batch.clear();
                    for (int s = 0; s < sequences; s++) {
                        batch.add(prefix[(step + s) % prefix.length], prefix.length + step, s, true);
                    }
                    check(ctx.decode(batch));
                }
                out.put(sequences, (double) sequences * steps / ((System.nanoTime() - start) / 1e9));
                for (int s = 0; s < sequences; s++) {
                    ctx.kvRemove(s, prefix.length, -1);
                }
            }
        }
        return out;
    }

    private static void check(LlamaContext.DecodeStatus status) {
        if (status != LlamaContext.DecodeStatus.OK) {
            throw new IllegalStateException("reference decode failed: " + status);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static List<Double> list(double[] values) {
        List<Double> l = new ArrayList<>();
        for (double d : values) {
            l.add(d);
        }
        return l;
    }
}
