package dev.gavel.bench;

/** What each judgment asks of the model. */
public enum BenchMode {
    /** Feedback of exactly the token budget, then the marker and a constrained score (greedy). */
    FEEDBACK,
    /** One constrained step right after the prompt (which ends with the marker). */
    SCORE_ONLY,
    /** k sampled feedback+score generations per judgment (temperature 1, top-p 0.9, seeds differ). */
    SAMPLES;

    /** The command-line spelling: feedback, score-only, samples. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static BenchMode parse(String s) {
        for (BenchMode m : values()) {
            if (m.id().equalsIgnoreCase(s.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + s + "'; use feedback, score-only or samples");
    }
}
