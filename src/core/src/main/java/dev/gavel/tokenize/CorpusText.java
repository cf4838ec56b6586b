package dev.gavel.tokenize;

import java.util.Objects;

/**
 * One text of a parity corpus.
 *
 * @param kind   what the text is: instruction, response, rubric, reference, code, math,
 *               multilingual, whitespace or special-text
 * @param source where it came from, e.g. {@code "prometheus_vicuna_eval.json#12 response"}
 * @param text   the text
 */
public record CorpusText(String kind, String source, String text) {
    public CorpusText {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }
}
