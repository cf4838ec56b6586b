package dev.gavel.bench;

import dev.gavel.engine.ConstraintSpec;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.engine.SamplingParams;
import dev.gavel.format.AnswerSpec;
import dev.gavel.llama.Vocabulary;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The engine specs of each mode, sized like the Judge API sizes them: the feedback budget, the
 * forced marker, and the longest option (one token per byte, plus a leading space and an
 * end-of-generation token).
 */
final class GenerationSpecs {
    /** Sampling of the samples mode: Prometheus 2's recommended temperature 1 and top-p 0.9. */
    static final float SAMPLE_TEMPERATURE = 1.0f;
    static final float SAMPLE_TOP_P = 0.9f;

    private GenerationSpecs() {
    }

    static GenerationSpec spec(ContenderSpec c, BenchPrompt p, Vocabulary vocabulary, int sample) {
        AnswerSpec a = p.answer();
        int option = 0;
        for (String o : a.options()) {
            option = Math.max(option, o.getBytes(StandardCharsets.UTF_8).length + 2);
        }
        if (c.mode() == BenchMode.SCORE_ONLY) {
            return new GenerationSpec(option, SamplingParams.greedy(), List.of(), new ConstraintSpec.Choice(a.options()));
        }
        int max = c.feedbackTokens() + vocabulary.tokenize(a.marker().stripTrailing()).length + option;
        SamplingParams sampling = c.mode() == BenchMode.SAMPLES
                ? new SamplingParams(SAMPLE_TEMPERATURE, 0, SAMPLE_TOP_P, 0f, 1000L + sample)
                : SamplingParams.greedy();
        return new GenerationSpec(max, sampling, List.of(),
                new ConstraintSpec.FreeTextThenChoice(c.feedbackTokens(), a.marker(), a.options()));
    }

    /** Generations per judgment. */
    static int perJudgment(ContenderSpec c) {
        return c.mode() == BenchMode.SAMPLES ? c.samples() : 1;
    }
}
