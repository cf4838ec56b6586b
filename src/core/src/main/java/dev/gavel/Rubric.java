package dev.gavel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A scoring rubric: what is judged (the criterion) and what each score on a contiguous integer
 * scale means, e.g. 1-5 (Prometheus), 1-10, or 0-1 (pass/fail).
 *
 * <p>Texts are kept exactly as given (no trimming), because published prompt formats must be
 * reproduced byte for byte. Scores are non-negative: every judge format we know of has the model
 * write a bare non-negative integer, and the engine constrains decoding to {@link #options()}.
 *
 * @param criterion    the question the judge answers, e.g. "Is the response factually correct?"
 * @param min          the lowest score
 * @param descriptions the meaning of each score, lowest first: {@code descriptions.get(i)} describes
 *                     score {@code min + i}
 */
public record Rubric(String criterion, int min, List<String> descriptions) {
    /** Highest score a rubric may have; keeps option lists small enough to constrain cheaply. */
    public static final int MAX_SCORE = 100;

    public Rubric {
        if (criterion == null || criterion.isBlank()) {
            throw new IllegalArgumentException("rubric criterion must not be blank");
        }
        if (min < 0) {
            throw new IllegalArgumentException("rubric scores must be non-negative, got min " + min);
        }
        if (descriptions == null || descriptions.size() < 2) {
            throw new IllegalArgumentException("a rubric needs at least two score levels, got "
                    + (descriptions == null ? 0 : descriptions.size()));
        }
        descriptions = List.copyOf(descriptions); // also refuses null elements
        if (min + descriptions.size() - 1 > MAX_SCORE) {
            throw new IllegalArgumentException("rubric max score " + (min + descriptions.size() - 1)
                    + " exceeds " + MAX_SCORE);
        }
        for (int i = 0; i < descriptions.size(); i++) {
            if (descriptions.get(i).isBlank()) {
                throw new IllegalArgumentException("description of score " + (min + i) + " must not be blank");
            }
        }
    }

    /** A rubric whose first description is for score 1 (1-5 with five descriptions, as Prometheus uses). */
    public static Rubric of(String criterion, String... descriptionsFromScore1) {
        return new Rubric(criterion, 1, List.of(descriptionsFromScore1));
    }

    /** A 0-1 rubric: 0 = fail, 1 = pass. */
    public static Rubric passFail(String criterion, String failDescription, String passDescription) {
        return new Rubric(criterion, 0, List.of(failDescription, passDescription));
    }

    public static Builder builder(String criterion) {
        return new Builder(criterion);
    }

    public int max() {
        return min + descriptions.size() - 1;
    }

    /** Number of score levels. */
    public int levels() {
        return descriptions.size();
    }

    public boolean isScore(int score) {
        return score >= min && score <= max();
    }

    /** The description of one score; refuses scores outside [min, max]. */
    public String description(int score) {
        if (!isScore(score)) {
            throw new IllegalArgumentException("score " + score + " is outside " + min + "-" + max());
        }
        return descriptions.get(score - min);
    }

    /** The scores as the judge writes them, lowest first: "1".."5", or "0","1". */
    public List<String> options() {
        List<String> out = new ArrayList<>(levels());
        for (int s = min; s <= max(); s++) {
            out.add(Integer.toString(s));
        }
        return List.copyOf(out);
    }

    public String minOption() {
        return Integer.toString(min);
    }

    public String maxOption() {
        return Integer.toString(max());
    }

    /** Collects score descriptions in any order; {@link #build()} checks the scores are contiguous. */
    public static final class Builder {
        private final String criterion;
        private final TreeMap<Integer, String> byScore = new TreeMap<>();

        private Builder(String criterion) {
            this.criterion = criterion;
        }

        public Builder score(int score, String description) {
            Objects.requireNonNull(description, "description");
            if (byScore.putIfAbsent(score, description) != null) {
                throw new IllegalArgumentException("score " + score + " is described twice");
            }
            return this;
        }

        public Rubric build() {
            if (byScore.isEmpty()) {
                throw new IllegalArgumentException("a rubric needs at least two score levels, got 0");
            }
            int first = byScore.firstKey();
            int expected = first;
            for (int s : byScore.keySet()) {
                if (s != expected) {
                    throw new IllegalArgumentException("rubric scores must be contiguous: score "
                            + expected + " is missing between " + first + " and " + byScore.lastKey());
                }
                expected++;
            }
            return new Rubric(criterion, first, new ArrayList<>(byScore.values()));
        }
    }
}
