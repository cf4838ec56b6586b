package dev.gavel.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.Provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What makes two judgments the work of the same judge: the model file, the prompt (format,
 * template hash, chat template, mode) and the sampling. A resumed run compares its own
 * configuration with the one in every record already in the output, so that one file never holds
 * the judgments of two judges by accident. Gavel's version and the model's name are left out:
 * they say nothing the SHA-256 and the template hash do not.
 *
 * @param modelSha256    hex SHA-256 of the model file
 * @param format         the judge format id
 * @param templateSha256 hash of the format and chat template definitions and the mode's variant
 * @param chatTemplate   the chat template's id
 * @param mode           "feedback-then-score" or "score-only"
 * @param samples        samples per item
 * @param temperature    sampling temperature (0 = greedy)
 * @param topK           top-k
 * @param topP           top-p
 * @param minP           min-p
 * @param seed           the first sample's seed
 * @param orders         presentation orders per pairwise item (1, or 2 with the reversed one), 0
 *                       for the other tasks: one-order records beside two-order ones would skew
 *                       positional consistency
 */
public record JudgeConfiguration(String modelSha256, String format, String templateSha256, String chatTemplate,
                                 String mode, int samples, float temperature, int topK, float topP, float minP,
                                 long seed, int orders) {

    /** The configuration of a judge, from the provenance its judgments carry and its pairwise orders. */
    public static JudgeConfiguration of(Provenance p, int orders) {
        return new JudgeConfiguration(p.modelSha256(), p.formatId(), p.templateSha256(), p.chatTemplate(), p.mode(),
                p.samples(), p.temperature(), p.topK(), p.topP(), p.minP(), p.seed(), orders);
    }

    /**
     * The configuration recorded in an output record ({@link JudgmentRecords}' {@code model_sha256}
     * and {@code provenance}), or null for a record without one (an error record).
     */
    static JudgeConfiguration ofRecord(JsonNode record) {
        JsonNode p = record.get("provenance");
        if (p == null || !p.isObject() || !record.hasNonNull("model_sha256")) {
            return null;
        }
        return new JudgeConfiguration(record.get("model_sha256").asText(), p.path("format").asText(null),
                p.path("template_sha256").asText(null), p.path("chat_template").asText(null),
                p.path("mode").asText(null), p.path("samples").asInt(), (float) p.path("temperature").asDouble(),
                p.path("top_k").asInt(), (float) p.path("top_p").asDouble(), (float) p.path("min_p").asDouble(),
                p.path("seed").asLong(), !record.has("forward") ? 0 : record.has("reversed") ? 2 : 1);
    }

    /**
     * What differs from {@code other}, one line per difference, as "what: this value, other value"
     * with the two sides named by {@code thisSide} and {@code otherSide}; empty when the same.
     */
    public List<String> differences(JudgeConfiguration other, String thisSide, String otherSide) {
        List<String> out = new ArrayList<>();
        differ(out, "model SHA-256", modelSha256, other.modelSha256, thisSide, otherSide);
        differ(out, "format", format, other.format, thisSide, otherSide);
        differ(out, "chat template", chatTemplate, other.chatTemplate, thisSide, otherSide);
        differ(out, "template hash", templateSha256, other.templateSha256, thisSide, otherSide);
        differ(out, "mode", mode, other.mode, thisSide, otherSide);
        String sampling = sampling();
        differ(out, "sampling", sampling, other.sampling(), thisSide, otherSide);
        if (orders != other.orders) {
            differ(out, "pairwise orders", orders == 2 ? "both" : "one (--one-order)",
                    other.orders == 2 ? "both" : "one (--one-order)", thisSide, otherSide);
        }
        return out;
    }

    private String sampling() {
        return "samples " + samples + ", temperature " + temperature + ", top-k " + topK + ", top-p " + topP
                + ", min-p " + minP + ", seed " + seed;
    }

    private static void differ(List<String> out, String what, String a, String b, String aSide, String bSide) {
        if (!Objects.equals(a, b)) {
            out.add(what + ": " + a + " " + aSide + ", " + b + " " + bSide);
        }
    }
}
