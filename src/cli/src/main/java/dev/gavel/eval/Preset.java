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
    PROMETHEUS(PredictionFile.Kind.SCORE);

    private final PredictionFile.Kind kind;

    Preset(PredictionFile.Kind kind) {
        this.kind = kind;
    }

    /** Which verdict field this preset's prediction files carry. */
    public PredictionFile.Kind predictionKind() {
        return kind;
    }

    /** Lower-case name as used on the command line and in reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
