package dev.gavel.format;

import dev.gavel.Rubric;

/**
 * Lays a rubric out as prompt text. Labels ("Score 3: ") are trusted template text; the
 * criterion and descriptions come from users and stay untrusted content.
 */
final class RubricText {
    private RubricText() {
    }

    /** Prometheus layout: "[criterion]\nScore 1: ...\n...\nScore 5: ..." (no trailing newline). */
    static PromptText prometheus(Rubric rubric) {
        PromptText.Builder b = PromptText.builder().append(bracketed(rubric.criterion()));
        for (int s = rubric.min(); s <= rubric.max(); s++) {
            b.template("\nScore " + s + ": ").content(rubric.description(s));
        }
        return b.build();
    }

    /** Bulleted layout: "- Score 1: ...\n- Score 2: ..." (no trailing newline). */
    static PromptText items(Rubric rubric) {
        PromptText.Builder b = PromptText.builder();
        for (int s = rubric.min(); s <= rubric.max(); s++) {
            b.template((s == rubric.min() ? "" : "\n") + "- Score " + s + ": ").content(rubric.description(s));
        }
        return b.build();
    }

    /** "[criterion]", the first line of a Prometheus rubric. */
    static PromptText bracketed(String criterion) {
        return PromptText.builder().template("[").content(criterion).template("]").build();
    }
}
