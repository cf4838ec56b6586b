package dev.gavel.bench;

import dev.gavel.JudgeMode;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.engine.SamplingParams;
import dev.gavel.format.AnswerSpec;
import dev.gavel.llama.Vocabulary;

/**
 * The engine specs of each scenario: the Judge's recipe sizes and constrains them
 * ({@link dev.gavel.judge.recipe.JudgeRecipe#generationSpec}); the scenario picks the sampling.
 */
final class GenerationSpecs {
    /** Sampling of the samples scenario: Prometheus 2's recommended temperature 1 and top-p 0.9. */
    static final float SAMPLE_TEMPERATURE = 1.0f;
    static final float SAMPLE_TOP_P = 0.9f;

    private GenerationSpecs() {
    }

    static GenerationSpec spec(ContenderSpec c, BenchPrompt p, Vocabulary vocabulary, int sample) {
        // A score-only run reads the score right after its prompt, whether or not the prompt ends
        // with the marker: the main prompts of a score-only bench are the full ones jllama gets too.
        AnswerSpec answer = c.scenario().judgeMode() == JudgeMode.SCORE_ONLY ? p.answer().asScoreOnly() : p.answer();
        SamplingParams sampling = c.scenario() == BenchScenario.SAMPLES
                ? new SamplingParams(SAMPLE_TEMPERATURE, 0, SAMPLE_TOP_P, 0f, 1000L + sample)
                : SamplingParams.greedy();
        return PromptPreparer.recipe(vocabulary, c.scenario(), c.feedbackTokens()).generationSpec(answer, sampling);
    }

    /** Generations per judgment. */
    static int perJudgment(ContenderSpec c) {
        return c.scenario() == BenchScenario.SAMPLES ? c.samples() : 1;
    }
}
