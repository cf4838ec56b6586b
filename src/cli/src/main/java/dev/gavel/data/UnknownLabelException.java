package dev.gavel.data;

import java.util.List;

/**
 * A label value that the chosen label meaning does not define. Unlike a malformed record, this
 * stops the evaluation: a dataset read under the wrong meaning would otherwise lose (or
 * misread) records silently and report a biased agreement.
 */
public final class UnknownLabelException extends RuntimeException {
    private final String value;
    private final List<String> accepted;

    /**
     * @param meaning how the message names the label meaning: "--label-meaning ab", "preset autoj"
     */
    public UnknownLabelException(String field, String value, String meaning, List<String> accepted) {
        super("label field '" + field + "' holds " + value + ", which " + meaning
                + " does not define; it accepts " + String.join(", ", accepted));
        this.value = value;
        this.accepted = List.copyOf(accepted);
    }

    /** The offending value as it appears in the file (JSON text). */
    public String value() {
        return value;
    }

    /** The values the label meaning accepts, each with what it means. */
    public List<String> accepted() {
        return accepted;
    }
}
