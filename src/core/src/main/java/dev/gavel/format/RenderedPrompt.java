package dev.gavel.format;

import dev.gavel.JudgeMode;

import java.util.List;

/**
 * A prompt ready for the engine: the full token sequence's text split by trust level, ending
 * where the judge starts writing (assistant turn opened; in score-only prompts, after the marker).
 *
 * <p>The engine adds BOS if the model wants one (chat templates here never include it), then
 * tokenizes each segment with special-token parsing on for trusted segments and off for
 * content, concatenates the ids, and decodes under {@link #answer()}.
 *
 * @param segments       canonical segments (adjacent same-kind merged, no empties)
 * @param answer         how the judge must answer
 * @param formatId       the judge format that produced the prompt
 * @param chatTemplateId the chat template applied
 * @param templateSha256 hex SHA-256 identifying the format and chat template definitions, for
 *                       result provenance and caches
 */
public record RenderedPrompt(List<PromptSegment> segments, AnswerSpec answer, String formatId,
                             String chatTemplateId, String templateSha256) {
    public RenderedPrompt {
        if (segments == null || answer == null || formatId == null || chatTemplateId == null
                || templateSha256 == null) {
            throw new IllegalArgumentException("rendered prompt fields must not be null");
        }
        segments = new PromptText(segments).segments();
    }

    /** The whole prompt as one string, for display, logging and hashing; never tokenize this. */
    public String text() {
        return new PromptText(segments).text();
    }

    /** True when the prompt already ends with the answer marker and the next tokens are the choice. */
    public boolean scoreOnly() {
        return answer.mode() == JudgeMode.SCORE_ONLY;
    }
}
