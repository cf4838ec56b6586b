package dev.gavel.tokenize;

import java.util.List;

/** Display helpers for token pieces and texts: visible control characters, shortened texts. */
final class Pieces {
    private Pieces() {
    }

    /** Java-style quoting with control characters escaped, so whitespace differences are visible. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** The first {@code max} characters plus an ellipsis and the length when longer. */
    static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "… (" + s.length() + " chars)";
    }

    /** Pieces with their ids: {@code "Hello"#9906 "Ġworld"#1917}. */
    static String join(List<String> pieces, List<Integer> ids) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(quote(pieces.get(i))).append('#').append(ids.get(i));
        }
        return b.toString();
    }
}
