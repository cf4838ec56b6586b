package dev.gavel.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Text made of trusted and untrusted segments, kept canonical: no empty segments and no two
 * adjacent segments of the same kind (they are merged), so equal texts with equal trust layout
 * are equal values.
 *
 * @param segments the canonical segments
 */
public record PromptText(List<PromptSegment> segments) {
    private static final PromptText EMPTY = new PromptText(List.of());

    public PromptText {
        if (segments == null) {
            throw new IllegalArgumentException("segments must not be null");
        }
        segments = canonical(segments);
    }

    public static PromptText empty() {
        return EMPTY;
    }

    public static PromptText template(String text) {
        return new PromptText(List.of(PromptSegment.template(text)));
    }

    public static PromptText content(String text) {
        return new PromptText(List.of(PromptSegment.content(text)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The plain text, for display and hashing; it loses the trust layout, so never tokenize it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (PromptSegment s : segments) {
            sb.append(s.text());
        }
        return sb.toString();
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public PromptText append(PromptText other) {
        return builder().append(this).append(other).build();
    }

    /**
     * Removes leading and trailing whitespace across segments, as chat templates that apply Jinja's
     * {@code trim} to message content do (Llama 3, Gemma). Segment kinds are preserved.
     */
    public PromptText strip() {
        return stripLeading().stripTrailing();
    }

    /** Removes leading whitespace across segments, keeping kinds. */
    public PromptText stripLeading() {
        List<PromptSegment> list = new ArrayList<>(segments);
        while (!list.isEmpty()) {
            PromptSegment first = list.getFirst();
            String t = first.text().stripLeading();
            if (!t.isEmpty()) {
                list.set(0, new PromptSegment(t, first.trusted()));
                break;
            }
            list.removeFirst();
        }
        return new PromptText(list);
    }

    /** Removes trailing whitespace across segments, keeping kinds. */
    public PromptText stripTrailing() {
        List<PromptSegment> list = new ArrayList<>(segments);
        while (!list.isEmpty()) {
            PromptSegment last = list.getLast();
            String t = last.text().stripTrailing();
            if (!t.isEmpty()) {
                list.set(list.size() - 1, new PromptSegment(t, last.trusted()));
                break;
            }
            list.removeLast();
        }
        return new PromptText(list);
    }

    private static List<PromptSegment> canonical(List<PromptSegment> in) {
        List<PromptSegment> out = new ArrayList<>(in.size());
        for (PromptSegment s : in) {
            if (s == null) {
                throw new IllegalArgumentException("segments must not contain null");
            }
            if (s.text().isEmpty()) {
                continue;
            }
            if (!out.isEmpty() && out.getLast().trusted() == s.trusted()) {
                PromptSegment prev = out.removeLast();
                out.add(new PromptSegment(prev.text() + s.text(), s.trusted()));
            } else {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** Accumulates segments; merging happens in {@link #build()}. */
    public static final class Builder {
        private final List<PromptSegment> segments = new ArrayList<>();

        private Builder() {
        }

        public Builder template(String text) {
            segments.add(PromptSegment.template(text));
            return this;
        }

        public Builder content(String text) {
            segments.add(PromptSegment.content(text));
            return this;
        }

        public Builder append(PromptText text) {
            segments.addAll(text.segments());
            return this;
        }

        public PromptText build() {
            return new PromptText(segments);
        }
    }
}
