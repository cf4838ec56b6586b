package dev.gavel.eval;

import dev.gavel.data.PredictionFile;

import java.util.Locale;

/** The benchmarks the harness knows how to load and score, with the verdict each expects. */
public enum Preset {
    /** PandaLM test set: 3-way pairwise (tie allowed), accuracy and macro P/R/F1 over 0/1/2. */
    PANDALM(PredictionFile.Kind.WINNER),
    /** LLMBar: pairwise without ties, accuracy per response order and positional consistency. */
    LLMBAR(PredictionFile.Kind.WINNER),
    /** ProcessBench: first wrong step, F1 of accuracy on erroneous and correct solutions. */
    PROCESSBENCH(PredictionFile.Kind.STEP),
    /** Prometheus Vicuna set: 1-5 scores, correlation with the mean GPT-4 score. */
    PROMETHEUS(PredictionFile.Kind.SCORE),
    /**
     * Any labelled dataset, read through field flags and a label meaning
     * ({@link dev.gavel.data.LabelledDataset}): pairwise labels get accuracy and macro P/R/F1,
     * score labels correlations. Its prediction kind follows the label meaning, so
     * {@link #predictionKind()} is null.
     */
    GENERIC(null),
    /**
     * JudgeBench ({@code pair_id, source, question, response_A, response_B, label} A>B/B>A):
     * accuracy as JudgeBench counts it, overall and per category (knowledge, reasoning, math, coding).
     */
    JUDGEBENCH(PredictionFile.Kind.WINNER),
    /**
     * Auto-J's pairwise test set ({@code scenario, prompt, response 1, response 2, label} 0/1/2 =
     * first/second/tie): agreement with and without tie labels, per Auto-J scenario group.
     */
    AUTOJ(PredictionFile.Kind.WINNER),
    /**
     * RewardBench ({@code prompt, chosen, rejected, subset}, optional {@code id}): accuracy per
     * subset and RewardBench's section-weighted score.
     */
    REWARDBENCH(PredictionFile.Kind.WINNER);

    private final PredictionFile.Kind kind;

    Preset(PredictionFile.Kind kind) {
        this.kind = kind;
    }

    /** Which verdict field this preset's prediction files carry; null for {@link #GENERIC}. */
    public PredictionFile.Kind predictionKind() {
        return kind;
    }

    /** Lower-case name as used on the command line and in reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
