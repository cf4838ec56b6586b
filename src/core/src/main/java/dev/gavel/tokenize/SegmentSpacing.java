package dev.gavel.tokenize;

import dev.gavel.format.PromptSegment;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves the spaces that end a segment to the start of the next one before segments are tokenized
 * one by one. SentencePiece and byte-level BPE vocabularies both attach a space to the word that
 * follows it ("Score 1: The" is {@code ":", "▁The"}); tokenizing "Score 1: " and "The" apart would
 * give {@code ":", "▁", "The"}, ids the model never saw in training. A space can never form a
 * special token, so moving it across a trust boundary changes nothing about what is parsed.
 */
final class SegmentSpacing {
    private SegmentSpacing() {
    }

    static List<PromptSegment> align(List<PromptSegment> segments) {
        List<PromptSegment> out = new ArrayList<>(segments.size());
        String carry = "";
        for (int i = 0; i < segments.size(); i++) {
            PromptSegment s = segments.get(i);
            String text = carry + s.text();
            carry = "";
            boolean last = i == segments.size() - 1;
            if (!last) {
                int end = text.length();
                while (end > 0 && text.charAt(end - 1) == ' ') {
                    end--;
                }
                String next = segments.get(i + 1).text();
                if (end < text.length() && !next.isEmpty() && !Character.isWhitespace(next.charAt(0))) {
                    carry = text.substring(end);
                    text = text.substring(0, end);
                }
            }
            if (!text.isEmpty()) {
                out.add(new PromptSegment(text, s.trusted()));
            }
        }
        return out;
    }
}
