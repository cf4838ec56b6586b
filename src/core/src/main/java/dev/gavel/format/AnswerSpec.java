package dev.gavel.format;

import dev.gavel.JudgeMode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * How a judge must answer, so the engine can force the marker and constrain the choice.
 *
 * <p>{@code marker} is the exact text that immediately precedes the choice, as the model was
 * trained to write it, trailing space included (Prometheus: {@code "[RESULT] "}, so the model
 * writes "... [RESULT] 4"). {@code close} is text the model writes after the choice, if any
 * (ProcessBench: marker {@code "\boxed{"}, close <code>"}"</code>); the engine may stop at the
 * choice and need not generate it.
 *
 * <p>In {@link JudgeMode#FEEDBACK_THEN_SCORE} the model writes free text, then the marker, then
 * one option (a score, a winner's label, a step index: the format's verdict). In
 * {@link JudgeMode#SCORE_ONLY} the prompt already ends with the marker (score-only rendering),
 * so the very next tokens must spell one option.
 *
 * <p>Tokenization note for the engine: when the marker ends with a space, some tokenizers
 * (Llama 3 style BPE) merge that space with a following letter ("A"), so a prompt ending in a
 * lone space token is off-distribution; digits are split from the space by those tokenizers and
 * by SentencePiece alike. An engine that constrains on tokens should tokenize marker+option
 * together where it matters.
 *
 * @param mode    whether the model writes feedback first
 * @param marker  text right before the choice; not empty in FEEDBACK_THEN_SCORE
 * @param options the allowed choices, at least one, distinct, non-blank
 * @param close   text after the choice, possibly empty
 */
public record AnswerSpec(JudgeMode mode, String marker, List<String> options, String close) {
    public AnswerSpec {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (marker == null || close == null) {
            throw new IllegalArgumentException("marker and close must not be null (use \"\")");
        }
        if (mode == JudgeMode.FEEDBACK_THEN_SCORE && marker.isEmpty()) {
            throw new IllegalArgumentException("FEEDBACK_THEN_SCORE needs a marker to separate feedback from choice");
        }
        if (options == null || options.isEmpty()) {
            throw new IllegalArgumentException("an answer needs at least one option");
        }
        options = List.copyOf(options);
        if (new HashSet<>(options).size() != options.size()) {
            throw new IllegalArgumentException("options must be distinct: " + options);
        }
        for (String o : options) {
            if (o.isBlank() || !o.equals(o.strip())) {
                throw new IllegalArgumentException("options must be non-blank without surrounding whitespace: '" + o + "'");
            }
        }
    }

    /** The model writes feedback, then {@code marker}, then one of {@code options}. */
    public static AnswerSpec feedbackThenScore(String marker, List<String> options) {
        return new AnswerSpec(JudgeMode.FEEDBACK_THEN_SCORE, marker, options, "");
    }

    /** The prompt ends with {@code marker} (possibly empty), so the next tokens spell one of {@code options}. */
    public static AnswerSpec scoreOnly(String marker, List<String> options) {
        return new AnswerSpec(JudgeMode.SCORE_ONLY, marker, options, "");
    }

    public AnswerSpec withClose(String newClose) {
        return new AnswerSpec(mode, marker, options, newClose);
    }

    /** The spec of the same answer once the marker has been written into the prompt. */
    public AnswerSpec asScoreOnly() {
        return new AnswerSpec(JudgeMode.SCORE_ONLY, marker, options, close);
    }

    /**
     * Reads the choice out of free model output (when decoding was not constrained): the option
     * right after the last occurrence of the marker (its trailing whitespace optional), longest
     * option first so "10" wins over "1". In SCORE_ONLY mode the output starts at the choice.
     */
    public Optional<String> extractChoice(String output) {
        if (output == null) {
            return Optional.empty();
        }
        int from;
        if (mode == JudgeMode.SCORE_ONLY) {
            from = 0;
        } else {
            String key = marker.stripTrailing();
            int at = key.isEmpty() ? -1 : output.lastIndexOf(key);
            if (at < 0) {
                return Optional.empty();
            }
            from = at + key.length();
        }
        while (from < output.length() && Character.isWhitespace(output.charAt(from))) {
            from++;
        }
        List<String> longestFirst = new ArrayList<>(options);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        for (String o : longestFirst) {
            if (output.startsWith(o, from)) {
                int end = from + o.length();
                boolean wholeToken = end == output.length() || !Character.isLetterOrDigit(output.charAt(end));
                if (wholeToken) {
                    return Optional.of(o);
                }
            }
        }
        return Optional.empty();
    }
}
