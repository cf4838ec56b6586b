package dev.gavel.format;

/**
 * A run of prompt text of one trust level.
 *
 * <p>The engine must tokenize a trusted (TEMPLATE) segment with special-token parsing on, so
 * chat control markers such as {@code <|im_end|>} become their control tokens, and an untrusted
 * (CONTENT) segment with special-token parsing off, so the same characters inside a judged
 * response stay plain text. Token ids of all segments are concatenated in order.
 *
 * @param text    the text; never null
 * @param trusted true for our own template text, false for user-supplied content
 */
public record PromptSegment(String text, boolean trusted) {
    public PromptSegment {
        if (text == null) {
            throw new IllegalArgumentException("segment text must not be null");
        }
    }

    public static PromptSegment template(String text) {
        return new PromptSegment(text, true);
    }

    public static PromptSegment content(String text) {
        return new PromptSegment(text, false);
    }

    public Kind kind() {
        return trusted ? Kind.TEMPLATE : Kind.CONTENT;
    }

    /** The two trust levels, named for display and tests. */
    public enum Kind {
        /** Our template text: may contain control tokens, parse specials. */
        TEMPLATE,
        /** User text: never parse specials. */
        CONTENT
    }
}
