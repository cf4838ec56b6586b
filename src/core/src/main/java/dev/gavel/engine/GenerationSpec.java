package dev.gavel.engine;

import java.util.List;
import java.util.Objects;

/**
 * Everything that decides how one request is decoded; immutable and shareable between requests.
 *
 * @param maxTokens   budget of tokens appended to the sequence (sampled and forced)
 * @param sampling    how tokens are drawn among the allowed ones
 * @param stopStrings strings ending an unconstrained generation when they appear in the decoded
 *                    text (excluded from it); with {@link ConstraintSpec.FreeTextThenChoice} they
 *                    end the free text, after which the marker is forced; unused by a plain choice
 * @param constraint  the shape the output must have
 */
public record GenerationSpec(int maxTokens, SamplingParams sampling, List<String> stopStrings,
                             ConstraintSpec constraint) {

    public GenerationSpec {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be > 0: " + maxTokens);
        }
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(constraint, "constraint");
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
    }
}
