package dev.gavel.engine;

import java.util.List;
import java.util.Objects;

/**
 * What a request's output must look like, token by token. Choices are matched on bytes, so an
 * option may span several tokens; each option may also be produced with one leading space
 * ({@code "5"} or {@code " 5"}), since most tokenizers attach the space to the following word and
 * a judge writing {@code "Score: 5"} means the same option either way.
 */
public sealed interface ConstraintSpec
        permits ConstraintSpec.Unconstrained, ConstraintSpec.Choice, ConstraintSpec.FreeTextThenChoice,
        ConstraintSpec.Grammar {

    /** Free generation; stop strings, end-of-generation and the token budget end it. */
    record Unconstrained() implements ConstraintSpec {
    }

    /**
     * Exactly one of {@code options}, then the generation ends ({@link FinishReason#CHOICE_MADE}).
     * Options may be prefixes of others ({@code "1"} and {@code "10"}): the shorter one is then
     * closed by an end-of-generation token, which the constraint allows only at that point.
     */
    record Choice(List<String> options) implements ConstraintSpec {
        public Choice {
            options = List.copyOf(options);
            validateOptions(options);
        }
    }

    /**
     * Free text (the judge's feedback) of at most {@code freeTextBudget} tokens, then
     * {@code marker}, then one of {@code options}. The model may write the marker itself; if it has
     * not by the end of the budget the marker is forced. End-of-generation is forbidden in the free
     * text because the judge must give a score. Trailing whitespace of the marker is not forced:
     * the options' optional leading space covers it, which keeps the tokenization natural
     * ({@code "[RESULT]"} then {@code " 5"} rather than a lone space token).
     */
    record FreeTextThenChoice(int freeTextBudget, String marker, List<String> options) implements ConstraintSpec {
        public FreeTextThenChoice {
            if (freeTextBudget < 0) {
                throw new IllegalArgumentException("freeTextBudget must be >= 0: " + freeTextBudget);
            }
            Objects.requireNonNull(marker, "marker");
            if (marker.strip().isEmpty()) {
                throw new IllegalArgumentException("marker must contain a non-whitespace character");
            }
            options = List.copyOf(options);
            validateOptions(options);
        }

        /** The marker as matched and forced: without its trailing whitespace. */
        public String markerCore() {
            return marker.stripTrailing();
        }
    }

    /** A GBNF grammar, realised by a {@link TokenFilter} from the native binding. */
    record Grammar(String gbnf, String root) implements ConstraintSpec {
        public Grammar {
            Objects.requireNonNull(gbnf, "gbnf");
            Objects.requireNonNull(root, "root");
            if (gbnf.isBlank() || root.isBlank()) {
                throw new IllegalArgumentException("grammar and root rule must not be blank");
            }
        }
    }

    private static void validateOptions(List<String> options) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("a choice needs at least one option");
        }
        for (String o : options) {
            if (o.isEmpty()) {
                throw new IllegalArgumentException("options must not be empty");
            }
        }
    }
}
