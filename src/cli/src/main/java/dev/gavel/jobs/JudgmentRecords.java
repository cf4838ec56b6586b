package dev.gavel.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.Judgment;
import dev.gavel.OrderResult;
import dev.gavel.PairwiseJudgment;
import dev.gavel.Provenance;
import dev.gavel.Sample;
import dev.gavel.ScoreDistribution;
import dev.gavel.StepJudgment;
import dev.gavel.Timings;
import dev.gavel.TokenCounts;
import dev.gavel.Winner;

import java.time.Duration;

/**
 * The verdict fields of output records, one method per judgment kind. Field names are snake_case
 * and match what {@code gavel eval --predictions} reads ({@code score}, {@code winner},
 * {@code step}). Every record carries {@code model_sha256} and a {@code provenance} object, so a
 * file of judgments says which model, prompt format, chat template and sampling produced it.
 */
public final class JudgmentRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JudgmentRecords() {
    }

    /**
     * {@code score, distribution {option: probability}, expected_score, feedback, format_adherence,
     * elided}, with {@code majority_score, mean_score, samples} when k > 1.
     */
    public static ObjectNode absolute(Judgment j) {
        ObjectNode n = JSON.createObjectNode();
        n.put("score", j.score());
        n.set("distribution", distribution(j.distribution()));
        n.put("expected_score", j.expectedScore());
        n.put("feedback", j.feedback());
        n.put("format_adherence", j.formatAdherence());
        n.put("elided", j.elided());
        if (j.samples().size() > 1) {
            n.put("majority_score", j.majorityScore());
            n.put("mean_score", j.meanScore());
            var samples = n.putArray("samples");
            for (Sample s : j.samples()) {
                ObjectNode o = samples.addObject();
                o.put("score", s.score());
                o.put("seed", s.seed());
                o.set("distribution", distribution(s.distribution()));
                o.put("feedback", s.feedback());
            }
        }
        common(n, j.provenance(), j.tokens(), j.timings());
        return n;
    }

    /**
     * {@code winner ("A", "B" or "tie"), probability_a, consistent, feedback}, and per order run
     * {@code forward}/{@code reversed} {@code {winner, probability_a, distribution, feedback}}.
     */
    public static ObjectNode pairwise(PairwiseJudgment j) {
        ObjectNode n = JSON.createObjectNode();
        n.put("winner", winner(j.winner()));
        n.put("probability_a", j.probabilityA());
        n.put("consistent", j.consistent());
        n.put("feedback", j.feedback());
        n.set("forward", order(j.forward()));
        if (j.reversed() != null) {
            n.set("reversed", order(j.reversed()));
        }
        common(n, j.provenance(), j.tokens(), j.timings());
        return n;
    }

    /** {@code step} (first wrong step, -1 for none), {@code distribution}, {@code feedback}. */
    public static ObjectNode steps(StepJudgment j) {
        ObjectNode n = JSON.createObjectNode();
        n.put("step", j.firstWrongStep());
        n.set("distribution", distribution(j.distribution()));
        n.put("feedback", j.feedback());
        common(n, j.provenance(), j.tokens(), j.timings());
        return n;
    }

    private static String winner(Winner w) {
        return w == Winner.TIE ? "tie" : w.name();
    }

    private static ObjectNode order(OrderResult o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("winner", winner(o.winner()));
        n.put("probability_a", o.probabilityA());
        n.set("distribution", distribution(o.distribution()));
        n.put("feedback", o.feedback());
        return n;
    }

    /** {@link ScoreDistribution#probabilities()}: option to renormalised probability, in the options' order. */
    static ObjectNode distribution(ScoreDistribution d) {
        ObjectNode n = JSON.createObjectNode();
        d.probabilities().forEach(n::put);
        return n;
    }

    private static void common(ObjectNode n, Provenance p, TokenCounts t, Timings timings) {
        n.put("model_sha256", p.modelSha256());
        if (t != null) {
            ObjectNode o = n.putObject("tokens");
            o.put("prompt", t.prompt());
            o.put("reused", t.reused());
            o.put("generated", t.generated());
            o.put("requests", t.requests());
        }
        if (timings != null) {
            ObjectNode o = n.putObject("timings_ms");
            putMillis(o, "queued", timings.queued());
            putMillis(o, "first_token", timings.timeToFirstToken());
            putMillis(o, "total", timings.total());
        }
        ObjectNode o = n.putObject("provenance");
        o.put("model_name", p.modelName());
        o.put("architecture", p.architecture());
        o.put("quantization", p.quantization());
        o.put("format", p.formatId());
        o.put("template_sha256", p.templateSha256());
        o.put("chat_template", p.chatTemplate());
        o.put("mode", p.mode());
        o.put("samples", p.samples());
        o.put("temperature", p.temperature());
        o.put("top_k", p.topK());
        o.put("top_p", p.topP());
        o.put("min_p", p.minP());
        o.put("seed", p.seed());
        o.put("gavel_version", p.gavelVersion());
    }

    private static void putMillis(ObjectNode o, String field, Duration d) {
        if (d != null) {
            o.put(field, d.toNanos() / 1e6);
        }
    }
}
