package dev.gavel.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchSummary} as a text table (last line {@code ratio_vs_jllama=<x>}) or as one JSON object. */
public final class BenchReport {
    private static final double MIB = 1024.0 * 1024.0;

    private BenchReport() {
    }

    /** The text report. */
    public static String text(BenchSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "workload %s, mode %s, %d judgments, feedback budget %d tokens, %d threads, model %s%n",
                s.workload(), s.mode(), s.judgments(), s.feedbackTokens(), s.threads(), s.model()));
        b.append(String.format(Locale.ROOT, "%-26s %-48s %10s %10s %10s %9s %8s %9s %9s %8s %6s%n", "contender", "setup",
                "judg/s", "prompt t/s", "gen t/s", "1st score", "wall s", "KV peak", "KV alloc", "RSS", "java"));
        for (ContenderResult r : s.results()) {
            if (r.kind().equals(ContenderSpec.Kind.REFERENCE.id())) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "%-26s %-48s %10.3f %10.1f %10.1f %8.2fs %8.1f %9s %9s %8s %6s%n",
                    r.label(), r.setup(), r.judgmentsPerSecond(), r.promptTokensPerSecond(), r.generatedTokensPerSecond(),
                    r.timeToFirstScoreSeconds(), r.wallSeconds(), mib(r.kvBytesPeak()), mib(r.kvBytesAllocated()),
                    mib(r.peakRssBytes()), r.javaShare() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.javaShare())));
        }
        b.append(String.format(Locale.ROOT, "prompt tokens: %d submitted, %d needed (shared prefixes once); score-only needed %d%n",
                s.promptTokensTotal(), s.promptTokensNeeded(), s.scoreOnlyPromptTokensNeeded()));
        if (s.prefillCeilingTokensPerSecond() != null) {
            b.append(String.format(Locale.ROOT, "physical: prefill ceiling %.1f tok/s (one 512-token batch), best batched decode %.1f tok/s (%s)%n",
                    s.prefillCeilingTokensPerSecond(), s.bestDecodeTokensPerSecond(), s.bestDecodeSetting()));
            b.append(String.format(Locale.ROOT, "prefill_ceiling_judgments_per_s=%.4f%n", s.prefillCeilingJudgmentsPerSecond()));
        }
        if (s.gavelScoreOnly() != null) {
            b.append(String.format(Locale.ROOT, "score_only_judgments_per_s=%.4f%s%n", s.gavelScoreOnly().judgmentsPerSecond(),
                    s.prefillCeilingJudgmentsPerSecond() == null ? "" : String.format(Locale.ROOT, " (%.0f%% of the ceiling; goal >= 85%%)",
                            100 * s.gavelScoreOnly().judgmentsPerSecond() / s.prefillCeilingJudgmentsPerSecond())));
        }
        if (s.feedbackLowerBoundSeconds() != null) {
            b.append(String.format(Locale.ROOT, "feedback_lower_bound_s=%.2f feedback_wall_s=%.2f (%.2fx the bound; goal <= 1.2x)%n",
                    s.feedbackLowerBoundSeconds(), s.feedbackWallSeconds(), s.feedbackWallSeconds() / s.feedbackLowerBoundSeconds()));
        }
        if (s.gavel() != null) {
            b.append(String.format(Locale.ROOT, "gavel best: %s, %.3f judgments/s%n", s.gavel().label(), s.gavel().judgmentsPerSecond()));
        }
        if (s.ratioVsJllamaDefault() != null) {
            b.append(String.format(Locale.ROOT, "ratio_vs_jllama_default=%.2f (goal >= 2.5)%n", s.ratioVsJllamaDefault()));
        }
        if (s.jllamaBest() != null) {
            b.append(String.format(Locale.ROOT, "jllama best: %s (%.3f judgments/s)%n", s.jllamaBest().label(),
                    s.jllamaBest().judgmentsPerSecond()));
        }
        b.append(String.format(Locale.ROOT, "load average (1 min): %s%n", s.loadAverage()));
        b.append("ratio_vs_jllama=").append(s.ratioVsJllama() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", s.ratioVsJllama()));
        return b.toString();
    }

    /** One JSON object: the contract's keys first, then every contender result. */
    public static String json(BenchSummary s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("workload", s.workload());
        o.put("model", s.model());
        o.put("mode", s.mode());
        o.put("judgments", s.judgments());
        o.put("feedback_tokens", s.feedbackTokens());
        o.put("threads", s.threads());
        o.put("gavel_judgments_per_s", s.gavel() == null ? null : s.gavel().judgmentsPerSecond());
        o.put("gavel_setting", s.gavel() == null ? null : s.gavel().label());
        o.put("jllama_judgments_per_s", s.jllamaBest() == null ? null : s.jllamaBest().judgmentsPerSecond());
        o.put("jllama_best_setting", s.jllamaBest() == null ? null : s.jllamaBest().label());
        o.put("jllama_default_judgments_per_s", s.jllamaDefault() == null ? null : s.jllamaDefault().judgmentsPerSecond());
        o.put("naive_judgments_per_s", s.naive() == null ? null : s.naive().judgmentsPerSecond());
        o.put("ratio_vs_jllama", s.ratioVsJllama());
        o.put("ratio_vs_jllama_default", s.ratioVsJllamaDefault());
        o.put("score_only_judgments_per_s", s.gavelScoreOnly() == null ? null : s.gavelScoreOnly().judgmentsPerSecond());
        o.put("prefill_ceiling_judgments_per_s", s.prefillCeilingJudgmentsPerSecond());
        o.put("feedback_lower_bound_s", s.feedbackLowerBoundSeconds());
        o.put("feedback_wall_s", s.feedbackWallSeconds());
        o.put("prefill_ceiling_tok_s", s.prefillCeilingTokensPerSecond());
        o.put("best_decode_tok_s", s.bestDecodeTokensPerSecond());
        o.put("best_decode_setting", s.bestDecodeSetting());
        o.put("prompt_tokens_total", s.promptTokensTotal());
        o.put("prompt_tokens_needed", s.promptTokensNeeded());
        o.put("score_only_prompt_tokens_needed", s.scoreOnlyPromptTokensNeeded());
        o.put("gavel_java_share", s.gavel() == null ? null : s.gavel().javaShare());
        o.put("load_average", s.loadAverage());
        o.put("contenders", contenders(s.results()));
        try {
            return BenchJson.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> contenders(List<ContenderResult> results) {
        return results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", r.label());
            m.put("kind", r.kind());
            m.put("setup", r.setup());
            m.put("mode", r.mode());
            m.put("judgments", r.judgments());
            m.put("generations", r.generations());
            m.put("wall_s", r.wallSeconds());
            m.put("judgments_per_s", r.judgmentsPerSecond());
            m.put("prompt_tokens", r.promptTokens());
            m.put("prompt_tokens_computed", r.promptTokensComputed());
            m.put("prompt_tok_per_s", r.promptTokensPerSecond());
            m.put("generated_tokens", r.generatedTokens());
            m.put("generated_tok_per_s", r.generatedTokensPerSecond());
            m.put("time_to_first_score_s", r.timeToFirstScoreSeconds());
            m.put("kv_bytes_peak", r.kvBytesPeak());
            m.put("kv_bytes_allocated", r.kvBytesAllocated());
            m.put("peak_rss_bytes", r.peakRssBytes());
            m.put("java_share", r.javaShare());
            m.put("extra", r.extra());
            return m;
        }).toList();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0fM", bytes / MIB);
    }
}
