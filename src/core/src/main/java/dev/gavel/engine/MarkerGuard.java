package dev.gavel.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the marker of a {@link ConstraintSpec.FreeTextThenChoice} in the free text as it is
 * generated, across token boundaries, with a byte automaton (KMP) whose state is the length of the
 * marker prefix matched so far. For each state it precomputes the tokens banned during free text:
 * every end-of-generation token, and every token that would complete the marker followed by bytes
 * that cannot start the choice, or that would already exclude some option (complete one inside
 * the same token, or start one that others do not share): the choice must start where every option
 * is still open, so that its distribution is read over all of them. Immutable once built.
 */
final class MarkerGuard {

    private final int length;
    private final int[] markerTokens;
    /** transitions[state][byte] for states 0 .. length-1; value length means the marker is complete. */
    private final int[][] transitions;
    private final int[][] banned;

    private MarkerGuard(int length, int[] markerTokens, int[][] transitions, int[][] banned) {
        this.length = length;
        this.markerTokens = markerTokens;
        this.transitions = transitions;
        this.banned = banned;
    }

    static MarkerGuard build(String markerCore, ChoiceTrie trie, MaskCache cache) {
        byte[] m = markerCore.getBytes(StandardCharsets.UTF_8);
        int len = m.length;
        int[] failure = new int[len];
        for (int i = 1, k = 0; i < len; i++) {
            while (k > 0 && m[i] != m[k]) {
                k = failure[k - 1];
            }
            if (m[i] == m[k]) {
                k++;
            }
            failure[i] = k;
        }
        int[][] delta = new int[len][256];
        for (int s = 0; s < len; s++) {
            for (int c = 0; c < 256; c++) {
                if ((m[s] & 0xff) == c) {
                    delta[s][c] = s + 1;
                } else {
                    delta[s][c] = s == 0 ? 0 : delta[failure[s - 1]][c];
                }
            }
        }
        MarkerGuard probe = new MarkerGuard(len, null, delta, null);
        byte[][] bytes = cache.tokenBytesTable();
        int[] eog = cache.endOfGenerationIds();
        int[][] banned = new int[len][];
        for (int s = 0; s < len; s++) {
            int[] out = Arrays.copyOf(eog, eog.length + 8);
            int count = eog.length;
            for (int t = 0; t < bytes.length; t++) {
                byte[] b = bytes[t];
                int end = probe.matchEnd(s, b);
                if (end < 0) {
                    continue;
                }
                int node = trie.walk(ChoiceTrie.ROOT, b, end, b.length);
                if (node < 0 || trie.isLeafTerminal(node)
                        || trie.reachableOptions(node).length < trie.options().size()) {
                    if (count == out.length) {
                        out = Arrays.copyOf(out, count * 2);
                    }
                    out[count++] = t;
                }
            }
            int[] sorted = Arrays.copyOf(out, count);
            Arrays.sort(sorted);
            banned[s] = dedupe(sorted);
        }
        int[] tokens = cache.vocabulary().tokenize(markerCore);
        java.io.ByteArrayOutputStream spelled = new java.io.ByteArrayOutputStream();
        for (int t : tokens) {
            spelled.writeBytes(bytes[t]);
        }
        if (!spellsMarker(spelled.toByteArray(), m)) {
            // the forced tokens must write exactly the marker, or the output would not parse
            throw new IllegalArgumentException("the vocabulary does not tokenize the marker '" + markerCore
                    + "' back to itself");
        }
        return new MarkerGuard(len, tokens, delta, banned);
    }

    /**
     * Whether forced tokens write the marker. SentencePiece vocabularies (Llama, Mistral: the base
     * of Prometheus 2) prefix a standalone text with a word-start space, so they write " [RESULT]";
     * that is how the marker appears in running text anyway and it still parses.
     */
    private static boolean spellsMarker(byte[] spelled, byte[] marker) {
        if (Arrays.equals(spelled, marker)) {
            return true;
        }
        return spelled.length == marker.length + 1 && spelled[0] == ' '
                && Arrays.equals(spelled, 1, spelled.length, marker, 0, marker.length);
    }

    private static int[] dedupe(int[] sorted) {
        int w = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[w++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, w);
    }

    /** Tokens spelling the marker, forced when the free text ends; shared, never to be modified. */
    int[] markerTokens() {
        return markerTokens;
    }

    int markerLength() {
        return length;
    }

    /**
     * Where in {@code b} the marker is completed when starting from {@code state}: the index just
     * past its last byte, or -1 when it is not completed within {@code b}.
     */
    int matchEnd(int state, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            state = transitions[state][b[i] & 0xff];
            if (state == length) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The state after {@code b}, which must not complete the marker. */
    int advance(int state, byte[] b) {
        for (byte x : b) {
            state = transitions[state][x & 0xff];
        }
        return state;
    }

    /** Sorted ids banned in free text at {@code state}; shared, never to be modified. */
    int[] banned(int state) {
        return banned[state];
    }
}
