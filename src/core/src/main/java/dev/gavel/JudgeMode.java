package dev.gavel;

import java.util.Locale;

/**
 * Whether a judge writes feedback before its verdict. The one name for this choice: options,
 * prompt formats, provenance, the command line and the integrations all use it.
 */
public enum JudgeMode {
    /**
     * Feedback, then the format's marker, then the constrained verdict: how Prometheus and most
     * judges were trained.
     */
    FEEDBACK_THEN_SCORE("feedback-then-score"),
    /**
     * The prompt already ends with the marker, so the verdict is read at the first generated
     * position: fastest, but off the trained distribution for feedback-first judges.
     */
    SCORE_ONLY("score-only");

    private final String id;

    JudgeMode(String id) {
        this.id = id;
    }

    /** The spelling in provenance and output records: {@code feedback-then-score} or {@code score-only}. */
    public String id() {
        return id;
    }

    /**
     * The mode a user wrote: its {@link #id()}, the enum name, or the short forms {@code feedback}
     * and {@code score}, in any case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static JudgeMode parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (s) {
            case "feedback", "feedback-then-score" -> FEEDBACK_THEN_SCORE;
            case "score", "score-only" -> SCORE_ONLY;
            default -> throw new IllegalArgumentException("unknown mode '" + text + "'; use feedback or score-only");
        };
    }
}
