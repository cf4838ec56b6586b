package dev.gavel.judge;

import dev.gavel.llama.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** What cutting needs of a vocabulary: plain tokens of text, and text back from a run of tokens. */
    interface Codec {
        /** Tokens of untrusted text, no BOS. */
        int[] encode(String text);

        /**
         * The text of a run of tokens.
         *
         * @param atStart the run starts a text: drop the word-start space SentencePiece adds to a
         *                text's first piece (inside a text a leading space is real and kept)
         */
        String decode(int[] tokens, boolean atStart);
    }

    private final Codec codec;
    private final int markerCost;

    ResponseElision(Codec codec) {
        this.codec = codec;
        this.markerCost = codec.encode(marker(999_999)).length;
    }

    /** Elision with the loaded model's vocabulary. */
    static ResponseElision of(Vocabulary vocabulary) {
        return new ResponseElision(new Codec() {
            @Override
            public int[] encode(String text) {
                return vocabulary.tokenize(text, false, false);
            }

            @Override
            public String decode(int[] tokens, boolean atStart) {
                return vocabulary.detokenize(tokens, atStart, false);
            }
        });
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
    List<String> cut(List<String> texts, List<int[]> tokens, int remove) {
        int minLength = MIN_MARKER_MULTIPLE * markerCost;
        long cuttable = 0;
        for (int[] t : tokens) {
            if (t.length >= minLength) {
                cuttable += t.length;
            }
        }
        if (cuttable == 0) {
            return null;
        }
        List<String> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            int[] t = tokens.get(i);
            if (t.length < minLength) {
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
            String headText = codec.decode(Arrays.copyOfRange(t, 0, head), true);
            String tailText = tail == 0 ? "" : codec.decode(Arrays.copyOfRange(t, t.length - tail, t.length), false);
            out.add(headText + marker(cut) + tailText);
        }
        return out;
    }
}
