package dev.gavel.springai;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeException;
import dev.gavel.Judgment;
import dev.gavel.Provenance;
import dev.gavel.Rubric;
import dev.gavel.ScoreDistribution;
import dev.gavel.judge.Judge;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;
import org.springframework.ai.evaluation.Evaluator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Spring AI {@link Evaluator} that grades the response with a local Gavel {@link Judge} on a
 * rubric (absolute grading) instead of asking a chat model for a YES/NO it then has to parse.
 *
 * <p>The response's {@linkplain EvaluationResponse#isPass() pass} is {@code score >= passThreshold}
 * on the rubric's scale; its {@linkplain EvaluationResponse#getScore() score} is the judge's
 * expected score (read from its probabilities over the scores) mapped linearly onto [0, 1], so
 * 1 is the rubric's top score; its feedback is the judge's own (or, in score-only mode, the
 * rubric's description of the score given). The metadata holds the rest of the judgment under the
 * {@code META_*} keys: the discrete score, the distribution, format adherence, the provenance, and
 * the {@link Judgment} itself.
 *
 * <pre>{@code
 * Evaluator relevancy = GavelEvaluator.relevancy(judge);
 * EvaluationResponse r = relevancy.evaluate(new EvaluationRequest(question, documents, answer));
 * }</pre>
 *
 * <p>Thread-safe (the judge is); concurrent calls are batched by the judge's engine. The judge
 * stays the caller's to close.
 */
public final class GavelEvaluator implements Evaluator {
    /** Metadata key: the discrete score on the rubric's scale ({@link Integer}). */
    public static final String META_SCORE = "score";
    /** Metadata key: the expected score on the rubric's scale ({@link Double}). */
    public static final String META_EXPECTED_SCORE = "expectedScore";
    /** Metadata key: option to renormalised probability, lowest score first ({@code Map<String, Double>}). */
    public static final String META_DISTRIBUTION = "distribution";
    /** Metadata key: probability mass the judge put on well-formed scores ({@link Double}). */
    public static final String META_FORMAT_ADHERENCE = "formatAdherence";
    /** Metadata key: the lowest score of the rubric ({@link Integer}). */
    public static final String META_RUBRIC_MIN = "rubricMin";
    /** Metadata key: the highest score of the rubric ({@link Integer}). */
    public static final String META_RUBRIC_MAX = "rubricMax";
    /** Metadata key: the score a response needs to pass ({@link Integer}). */
    public static final String META_PASS_THRESHOLD = "passThreshold";
    /** Metadata key: whether the middle of the response was cut to fit the context ({@link Boolean}). */
    public static final String META_ELIDED = "elided";
    /** Metadata key: model, format, template and sampling identity ({@code Map<String, Object>}). */
    public static final String META_PROVENANCE = "provenance";
    /** Metadata key: the whole {@link Judgment}, for Java callers. */
    public static final String META_JUDGMENT = "judgment";

    /** What is judged, and how the request's question, documents and response are put to the judge. */
    public enum Preset {
        /**
         * Does the response answer the user's question, consistently with the documents it was
         * given? The question (and the documents, when there are any) is the instruction.
         */
        RELEVANCY(Rubric.of("Does the response answer the user's question, and is it consistent with the context"
                        + " the assistant was given (when there is one)?",
                "The response does not address the question, or contradicts the context.",
                "The response touches the question but misses its point, or relies on claims the context contradicts.",
                "The response partly answers the question; important parts are missing or not backed by the context.",
                "The response answers the question and agrees with the context, with minor gaps.",
                "The response fully answers the question and everything it says agrees with the context.")),
        /**
         * Is every claim of the response supported by the documents? The documents (and the
         * question, when there is one) are the instruction and the response is the claim, as
         * Spring AI's {@code FactCheckingEvaluator} takes them.
         */
        FACT_CHECKING(Rubric.of("Is every claim in the response supported by the document?",
                "The response contradicts the document, or none of its claims is supported by it.",
                "Most claims in the response are unsupported by the document or contradict it.",
                "Some claims are supported by the document, but others are not.",
                "The claims are supported by the document, except minor details it does not state.",
                "Every claim in the response is directly supported by the document."));

        private final Rubric rubric;

        Preset(Rubric rubric) {
            this.rubric = rubric;
        }

        /** The preset's 1-5 rubric. */
        public Rubric rubric() {
            return rubric;
        }
    }

    private final Judge judge;
    private final Preset preset;
    private final Rubric rubric;
    private final int passThreshold;

    private GavelEvaluator(Judge judge, Preset preset, Rubric rubric, int passThreshold) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.preset = Objects.requireNonNull(preset, "preset");
        this.rubric = Objects.requireNonNull(rubric, "rubric");
        if (!rubric.isScore(passThreshold)) {
            throw new IllegalArgumentException("pass threshold " + passThreshold + " is not a score of the rubric ("
                    + rubric.min() + "-" + rubric.max() + ")");
        }
        this.passThreshold = passThreshold;
    }

    /** Relevancy on its 1-5 rubric; a response passes with 4 or 5. */
    public static GavelEvaluator relevancy(Judge judge) {
        return builder(judge).preset(Preset.RELEVANCY).build();
    }

    /** Fact checking against the request's documents on its 1-5 rubric; a response passes with 4 or 5. */
    public static GavelEvaluator factChecking(Judge judge) {
        return builder(judge).preset(Preset.FACT_CHECKING).build();
    }

    public static Builder builder(Judge judge) {
        return new Builder(judge);
    }

    /**
     * The pass threshold used when none is given: one below the top score on scales of more than
     * two levels (4 on 1-5), the top score on a pass/fail scale.
     */
    public static int defaultPassThreshold(Rubric rubric) {
        return rubric.levels() > 2 ? rubric.max() - 1 : rubric.max();
    }

    public Preset preset() {
        return preset;
    }

    public Rubric rubric() {
        return rubric;
    }

    public int passThreshold() {
        return passThreshold;
    }

    /**
     * Grades the request's response; blocks until the judge is done.
     *
     * @throws IllegalArgumentException when the request lacks what the preset needs (a question
     *                                  for relevancy, documents for fact checking)
     * @throws GavelEvaluationException when the judge cannot judge it (too long for the context,
     *                                  interrupted); the cause is the judge's exception
     * @throws IllegalStateException    when the judge is closed
     */
    @Override
    public EvaluationResponse evaluate(EvaluationRequest request) {
        Objects.requireNonNull(request, "request");
        Judgment j;
        try {
            j = judge.grade(toRequest(request));
        } catch (JudgeException e) {
            throw new GavelEvaluationException("the judge could not grade the response: " + e.getMessage(), e);
        }
        return toResponse(j);
    }

    /** The Gavel request an evaluation request becomes under this evaluator's preset. */
    public AbsoluteRequest toRequest(EvaluationRequest request) {
        String question = blankToEmpty(request.getUserText()).strip();
        String context = blankToEmpty(doGetSupportingData(request)).strip();
        String response = blankToEmpty(request.getResponseContent());
        String instruction = switch (preset) {
            case RELEVANCY -> {
                if (question.isEmpty()) {
                    throw new IllegalArgumentException("relevancy needs the user's question (EvaluationRequest userText)");
                }
                yield context.isEmpty() ? question
                        : question + "\n\nContext given to the assistant:\n" + context;
            }
            case FACT_CHECKING -> {
                if (context.isEmpty()) {
                    throw new IllegalArgumentException("fact checking needs the documents to check against"
                            + " (EvaluationRequest dataList)");
                }
                yield "Make only claims that the following document supports."
                        + (question.isEmpty() ? "" : "\n\nQuestion: " + question)
                        + "\n\nDocument:\n" + context;
            }
        };
        return new AbsoluteRequest(instruction, response, rubric);
    }

    private EvaluationResponse toResponse(Judgment j) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(META_SCORE, j.score());
        meta.put(META_EXPECTED_SCORE, j.expectedScore());
        meta.put(META_DISTRIBUTION, distribution(j.distribution()));
        meta.put(META_FORMAT_ADHERENCE, j.formatAdherence());
        meta.put(META_RUBRIC_MIN, rubric.min());
        meta.put(META_RUBRIC_MAX, rubric.max());
        meta.put(META_PASS_THRESHOLD, passThreshold);
        meta.put(META_ELIDED, j.elided());
        meta.put(META_PROVENANCE, provenance(j.provenance()));
        meta.put(META_JUDGMENT, j);
        String feedback = j.feedback().isBlank()
                ? "Score " + j.score() + ": " + rubric.description(j.score())
                : j.feedback();
        return new EvaluationResponse(j.score() >= passThreshold, (float) normalized(j.expectedScore()), feedback, meta);
    }

    /** The expected score mapped linearly from [min, max] onto [0, 1]. */
    double normalized(double expectedScore) {
        double v = (expectedScore - rubric.min()) / (rubric.max() - rubric.min());
        return Math.clamp(v, 0.0, 1.0);
    }

    private static Map<String, Double> distribution(ScoreDistribution d) {
        Map<String, Double> out = new LinkedHashMap<>();
        double[] p = d.normalized();
        for (int i = 0; i < p.length; i++) {
            out.put(d.options().get(i), p[i]);
        }
        return out;
    }

    private static Map<String, Object> provenance(Provenance p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modelSha256", p.modelSha256());
        out.put("modelName", p.modelName());
        out.put("architecture", p.architecture());
        out.put("quantization", p.quantization());
        out.put("format", p.formatId());
        out.put("templateSha256", p.templateSha256());
        out.put("chatTemplate", p.chatTemplate());
        out.put("mode", p.mode());
        out.put("samples", p.samples());
        out.put("temperature", p.temperature());
        out.put("topK", p.topK());
        out.put("topP", p.topP());
        out.put("minP", p.minP());
        out.put("seed", p.seed());
        out.put("gavelVersion", p.gavelVersion());
        return out;
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Builds an evaluator: a preset (relevancy by default), optionally its own rubric and threshold. */
    public static final class Builder {
        private final Judge judge;
        private Preset preset = Preset.RELEVANCY;
        private Rubric rubric;
        private Integer passThreshold;

        private Builder(Judge judge) {
            this.judge = Objects.requireNonNull(judge, "judge");
        }

        /** How the request is put to the judge, and the rubric used unless {@link #rubric} replaces it. */
        public Builder preset(Preset p) {
            this.preset = Objects.requireNonNull(p, "preset");
            return this;
        }

        /** A rubric of your own, framed as the preset frames its requests. */
        public Builder rubric(Rubric r) {
            this.rubric = Objects.requireNonNull(r, "rubric");
            return this;
        }

        /** The lowest score that passes (default {@link #defaultPassThreshold}). */
        public Builder passThreshold(int score) {
            this.passThreshold = score;
            return this;
        }

        /** @throws IllegalArgumentException when the threshold is not a score of the rubric */
        public GavelEvaluator build() {
            Rubric r = rubric != null ? rubric : preset.rubric();
            return new GavelEvaluator(judge, preset, r, passThreshold != null ? passThreshold : defaultPassThreshold(r));
        }
    }
}
