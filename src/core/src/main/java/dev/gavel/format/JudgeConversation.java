package dev.gavel.format;

import dev.gavel.JudgeMode;

/**
 * A judge prompt before chat templating: the system message (possibly empty) and the user
 * message a format produced, with its answer spec. {@link #user()} is the exact user message
 * the format defines (for Prometheus, the dataset's "instruction" field).
 *
 * @param system       the system message, {@link PromptText#empty()} for none
 * @param user         the user message
 * @param answer       how the judge must answer (FEEDBACK_THEN_SCORE unless the format defines otherwise)
 * @param formatId     the producing format's id
 * @param formatSha256 the producing format's template hash
 */
public record JudgeConversation(PromptText system, PromptText user, AnswerSpec answer, String formatId,
                                String formatSha256) {
    public JudgeConversation {
        if (system == null || user == null || answer == null || formatId == null || formatSha256 == null) {
            throw new IllegalArgumentException("conversation fields must not be null");
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user message must not be empty");
        }
    }

    /** The same conversation without system message (for models that do worse with one). */
    public JudgeConversation withoutSystem() {
        return new JudgeConversation(PromptText.empty(), user, answer, formatId, formatSha256);
    }

    /** The prompt for a full judgement: the model writes feedback (if the format asks) and the choice. */
    public RenderedPrompt render(ChatTemplate template) {
        return new RenderedPrompt(template.apply(system, user).segments(), answer, formatId, template.id(),
                templateSha256(formatSha256, template, JudgeMode.FEEDBACK_THEN_SCORE));
    }

    /**
     * The prompt a judge in {@code mode} runs: the full prompt, or the score-only one with no
     * feedback written ({@link #renderScoreOnly(ChatTemplate, String)} with an empty prefix).
     */
    public RenderedPrompt render(ChatTemplate template, JudgeMode mode) {
        return mode == JudgeMode.SCORE_ONLY ? renderScoreOnly(template, "") : render(template);
    }

    /**
     * The score-only prompt: the assistant turn already holds {@code feedbackPrefix} (model-written
     * text, hence untrusted; may be empty) followed by the answer marker, so the very next tokens
     * are the choice. Pass the feedback exactly as generated, up to the marker: for Prometheus that
     * is "...text. " with the space the model wrote before "[RESULT]". With an empty prefix the
     * judge scores without writing feedback, which is faster but off the trained distribution for
     * feedback-first judges.
     */
    public RenderedPrompt renderScoreOnly(ChatTemplate template, String feedbackPrefix) {
        if (feedbackPrefix == null) {
            throw new IllegalArgumentException("feedbackPrefix must not be null (use \"\")");
        }
        if (answer.marker().isEmpty()) {
            throw new IllegalStateException("format " + formatId + " has no answer marker to prefill");
        }
        PromptText prompt = PromptText.builder().append(template.apply(system, user)).content(feedbackPrefix)
                .template(answer.marker()).build();
        return new RenderedPrompt(prompt.segments(), answer.asScoreOnly(), formatId, template.id(),
                templateSha256(formatSha256, template, JudgeMode.SCORE_ONLY));
    }

    /**
     * The {@link RenderedPrompt#templateSha256()} of every prompt a format with template hash
     * {@code formatSha256} renders through {@code template}, full or score-only: what a judge
     * records in provenance, known before any prompt is rendered.
     */
    public static String templateSha256(String formatSha256, ChatTemplate template, JudgeMode mode) {
        // "full" predates the mode's own id; changing it would change every recorded template hash.
        return Sha256.of(formatSha256, template.id(), template.sha256(),
                mode == JudgeMode.SCORE_ONLY ? "score-only" : "full");
    }
}
