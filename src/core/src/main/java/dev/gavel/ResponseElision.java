package dev.gavel;

import dev.gavel.llama.Vocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the middle out of responses so a prompt fits the context, leaving a visible marker that
 * says how many tokens went. Head and tail are kept in equal parts because a response's opening
 * and its conclusion carry most of what a judge needs. Only response text is ever cut; the
 * caller re-renders the request with the shortened responses, which stay untrusted text.
 */
final class ResponseElision {
    /** A response shorter than this many marker lengths is left whole: cutting it would not pay. */
    private static final int MIN_MARKER_MULTIPLE = 3;

    private ResponseElision() {
    }

    static String marker(int elidedTokens) {
        return "\n[... " + elidedTokens + " tokens elided by Gavel ...]\n";
    }

    /**
     * Shortens the responses by about {@code remove} tokens in total, spread over them in
     * proportion to their lengths.
     *
     * @param tokens each response's plain tokenization
     * @return the shortened texts, or null when the responses are too short to remove that much
     */
    static List<String> cut(Vocabulary vocabulary, List<String> texts, List<int[]> tokens, int remove) {
        int markerCost = vocabulary.tokenize(marker(999_999), false, false).length;
        long cuttable = 0;
        for (int[] t : tokens) {
            if (t.length >= MIN_MARKER_MULTIPLE * markerCost) {
                cuttable += t.length;
            }
        }
        if (cuttable == 0) {
            return null;
        }
        List<String> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            int[] t = tokens.get(i);
            if (t.length < MIN_MARKER_MULTIPLE * markerCost) {
                out.add(texts.get(i));
                continue;
            }
            int share = (int) Math.ceil((double) remove * t.length / cuttable);
            int cut = share + markerCost;
            int keep = t.length - cut;
            if (keep < 2) {
                return null;
            }
            int head = (keep + 1) / 2;
            int tail = keep - head;
            int[] headIds = java.util.Arrays.copyOfRange(t, 0, head);
            int[] tailIds = java.util.Arrays.copyOfRange(t, t.length - tail, t.length);
            // removeSpecial drops the leading space SentencePiece adds to the first piece of a text;
            // the tail's leading space, if any, is real text and kept.
            String headText = vocabulary.detokenize(headIds, true, false);
            String tailText = tail == 0 ? "" : vocabulary.detokenize(tailIds, false, false);
            out.add(headText + marker(cut) + tailText);
        }
        return out;
    }
}
