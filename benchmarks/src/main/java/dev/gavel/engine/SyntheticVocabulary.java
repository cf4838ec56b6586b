package dev.gavel.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A vocabulary of a given size shaped like a BPE one: the 256 bytes, the pieces a judge's output
 * needs, random multi-byte pieces (a third starting with a space, some with digits) and three
 * control tokens at the end (two of them end generation).
 */
final class SyntheticVocabulary implements TokenVocabulary {

    private static final List<String> JUDGE_PIECES = List.of("[RESULT]", "[RES", "ULT", "] ", " 1", " 2", " 3",
            " 4", " 5", "10", " 10", "-1", "Score", " score", " answer", "\n\n");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'-";

    private final byte[][] tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int firstControl;

    SyntheticVocabulary(int size, long seed) {
        tokens = new byte[size][];
        int n = 0;
        for (; n < 256; n++) {
            tokens[n] = new byte[] {(byte) n};
        }
        firstControl = size - 3;
        for (String p : JUDGE_PIECES) {
            add(p, n++);
        }
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        while (n < firstControl) {
            sb.setLength(0);
            if (r.nextInt(3) == 0) {
                sb.append(' ');
            }
            int len = r.nextInt(2, 9);
            while (sb.length() < len) {
                sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            String p = sb.toString();
            if (!ids.containsKey(p)) {
                add(p, n++);
            }
        }
        for (; n < size; n++) {
            tokens[n] = new byte[0];
        }
    }

    private void add(String piece, int id) {
        tokens[id] = piece.getBytes(StandardCharsets.UTF_8);
        ids.put(piece, id);
    }

    int id(String piece) {
        return ids.get(piece);
    }

    @Override
    public int size() {
        return tokens.length;
    }

    @Override
    public byte[] tokenBytes(int token) {
        return tokens[token].clone();
    }

    @Override
    public boolean isEndOfGeneration(int token) {
        return token == firstControl || token == firstControl + 1;
    }

    @Override
    public boolean isControl(int token) {
        return token >= firstControl;
    }

    @Override
    public int[] tokenize(String text) {
        int[] out = new int[text.length()];
        int count = 0;
        int i = 0;
        while (i < text.length()) {
            int bestLen = 0;
            int best = -1;
            for (int len = Math.min(10, text.length() - i); len >= 1; len--) {
                Integer id = ids.get(text.substring(i, i + len));
                if (id != null) {
                    best = id;
                    bestLen = len;
                    break;
                }
            }
            if (best < 0) {
                best = text.charAt(i) & 0xff;
                bestLen = 1;
            }
            out[count++] = best;
            i += bestLen;
        }
        return java.util.Arrays.copyOf(out, count);
    }
}
