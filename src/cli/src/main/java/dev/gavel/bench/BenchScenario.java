package dev.gavel.bench;

import dev.gavel.JudgeMode;

import java.util.Locale;

/**
 * What each judgment of a bench run asks of the model: a {@link JudgeMode} and a sampling plan.
 * More than the judge's mode, since samples is a feedback-first judgment decoded k times.
 */
public enum BenchScenario {
    /** Feedback of exactly the token budget, then the marker and a constrained score (greedy). */
    FEEDBACK(JudgeMode.FEEDBACK_THEN_SCORE),
    /** One constrained step right after the prompt (which ends with the marker). */
    SCORE_ONLY(JudgeMode.SCORE_ONLY),
    /** k sampled feedback+score generations per judgment (temperature 1, top-p 0.9, seeds differ). */
    SAMPLES(JudgeMode.FEEDBACK_THEN_SCORE);

    private final JudgeMode judgeMode;

    BenchScenario(JudgeMode judgeMode) {
        this.judgeMode = judgeMode;
    }

    /** How the judge prompts and answers in this scenario. */
    public JudgeMode judgeMode() {
        return judgeMode;
    }

    /** The command-line spelling: feedback, score-only, samples. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BenchScenario parse(String s) {
        for (BenchScenario m : values()) {
            if (m.id().equalsIgnoreCase(s.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + s + "'; use feedback, score-only or samples");
    }
}
