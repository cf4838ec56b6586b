package dev.gavel.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Generated text kept as UTF-8 bytes, since tokens may split a character; decoded only when asked.
 * Searching stop strings on bytes is equivalent to searching the decoded text because UTF-8 is
 * self-synchronising.
 */
final class ByteText {

    private byte[] bytes = new byte[128];
    private int length;

    int length() {
        return length;
    }

    void append(byte[] b, int from, int to) {
        int n = to - from;
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        System.arraycopy(b, from, bytes, length, n);
        length += n;
    }

    void truncate(int newLength) {
        length = newLength;
    }

    /**
     * Earliest start of any of {@code needles} that ends at or after {@code appendedFrom}, i.e. that
     * the last append completed; -1 if none.
     */
    int findEndingAfter(byte[][] needles, int appendedFrom) {
        int best = -1;
        for (byte[] s : needles) {
            int last = length - s.length;
            for (int i = Math.max(0, appendedFrom - s.length + 1); i <= last; i++) {
                if (best >= 0 && i >= best) {
                    break;
                }
                if (matchesAt(s, i)) {
                    best = i;
                    break;
                }
            }
        }
        return best;
    }

    private boolean matchesAt(byte[] s, int at) {
        for (int j = 0; j < s.length; j++) {
            if (bytes[at + j] != s[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text; an incomplete trailing character is left out while more tokens may complete it,
     * and shown as U+FFFD once the generation is over.
     */
    String decode(boolean complete) {
        int end = complete ? length : length - incompleteTail();
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private int incompleteTail() {
        for (int back = 1; back <= Math.min(4, length); back++) {
            int b = bytes[length - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue;
            }
            int need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return need > back ? back : 0;
        }
        return 0;
    }
}
