package dev.gavel;

import dev.gavel.format.PromptSegment;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.llama.Vocabulary;

import java.util.Arrays;

/**
 * Turns a rendered prompt into the token ids the engine sees, segment by segment: trusted
 * template text with special-token parsing on (so {@code <|im_start|>} becomes its control
 * token), untrusted request text with it off (so the same characters in a response stay plain
 * text), BOS first when the model asks for it. This is the one place where Gavel decides which
 * text may produce control tokens.
 */
final class PromptEncoder {
    private final Vocabulary vocabulary;

    PromptEncoder(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    int[] encode(RenderedPrompt prompt) {
        int[] out = new int[64];
        int n = 0;
        if (vocabulary.addsBos() && vocabulary.bos() >= 0) {
            out[n++] = vocabulary.bos();
        }
        for (PromptSegment s : prompt.segments()) {
            int[] ids = vocabulary.tokenize(s.text(), false, s.trusted());
            if (n + ids.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
            }
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return Arrays.copyOf(out, n);
    }

    /** Plain tokenization of untrusted text, as it appears inside a prompt. */
    int[] plain(String text) {
        return vocabulary.tokenize(text, false, false);
    }
}
