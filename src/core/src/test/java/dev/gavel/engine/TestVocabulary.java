package dev.gavel.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic vocabulary: ids 0..255 are the single bytes (so the id of an ASCII character is its
 * code), then multi-byte pieces, then special tokens {@code <eos>}, {@code <eot>} (end of
 * generation) and {@code <bos>} (control only). Tokenizes by greedy longest match.
 */
final class TestVocabulary implements TokenVocabulary {

    static final List<String> PIECES = List.of(
            "[RES", "ULT", "] ", "].", "[RESULT]", "]1", "] 5",
            " 1", " 2", " 3", " 4", " 5", "10", "11", "12", "-1", "-12", " 10",
            "Good", " answer", "TO", "P!", "ab", "abc");

    private final List<byte[]> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final int firstSpecial;

    TestVocabulary() {
        this(PIECES);
    }

    TestVocabulary(List<String> pieces) {
        for (int b = 0; b < 256; b++) {
            tokens.add(new byte[] {(byte) b});
        }
        for (String p : pieces) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            if (b.length < 2) {
                throw new IllegalArgumentException("single bytes are already tokens: " + p);
            }
            ids.put(p, tokens.size());
            tokens.add(b);
        }
        firstSpecial = tokens.size();
        for (String s : List.of("<eos>", "<eot>", "<bos>")) {
            ids.put(s, tokens.size());
            tokens.add(new byte[0]);
        }
    }

    /** Id of a piece, a special token, or a single ASCII character. */
    int id(String piece) {
        Integer id = ids.get(piece);
        if (id != null) {
            return id;
        }
        byte[] b = piece.getBytes(StandardCharsets.UTF_8);
        if (b.length == 1) {
            return b[0] & 0xff;
        }
        throw new IllegalArgumentException("no token " + piece);
    }

    @Override
    public int size() {
        return tokens.size();
    }

    @Override
    public byte[] tokenBytes(int token) {
        return tokens.get(token).clone();
    }

    @Override
    public boolean isEndOfGeneration(int token) {
        return token == firstSpecial || token == firstSpecial + 1;
    }

    @Override
    public boolean isControl(int token) {
        return token >= firstSpecial;
    }

    @Override
    public int[] tokenize(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            int bestId = b[i] & 0xff;
            int bestLen = 1;
            for (int t = 256; t < firstSpecial; t++) {
                byte[] p = tokens.get(t);
                if (p.length > bestLen && startsWith(b, i, p)) {
                    bestId = t;
                    bestLen = p.length;
                }
            }
            out.add(bestId);
            i += bestLen;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean startsWith(byte[] b, int at, byte[] p) {
        if (at + p.length > b.length) {
            return false;
        }
        for (int j = 0; j < p.length; j++) {
            if (b[at + j] != p[j]) {
                return false;
            }
        }
        return true;
    }

    String decode(int... tokenIds) {
        StringBuilder sb = new StringBuilder();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int t : tokenIds) {
            out.writeBytes(tokens.get(t));
        }
        sb.append(out.toString(StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** Logits with {@code base} everywhere and the given (piece, logit) pairs. */
    float[] logits(float base, Object... pieceLogitPairs) {
        float[] l = new float[size()];
        java.util.Arrays.fill(l, base);
        for (int i = 0; i < pieceLogitPairs.length; i += 2) {
            l[id((String) pieceLogitPairs[i])] = ((Number) pieceLogitPairs[i + 1]).floatValue();
        }
        return l;
    }
}
