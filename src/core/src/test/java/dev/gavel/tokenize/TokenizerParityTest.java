package dev.gavel.tokenize;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison itself, on two hand-made character tokenizers. */
class TokenizerParityTest {
    /** One token per character; id = code point. */
    private static final TokenizerParity.Side CHARS = new TokenizerParity.Side() {
        @Override
        public int[] tokenize(String text) {
            return text.codePoints().toArray();
        }

        @Override
        public String piece(int id) {
            return Character.toString(id);
        }
    };

    /** Like CHARS, but "ab" is one token (id 1000). */
    private static final TokenizerParity.Side MERGES_AB = new TokenizerParity.Side() {
        @Override
        public int[] tokenize(String text) {
            return text.replace("ab", "\u03e8").codePoints().toArray();
        }

        @Override
        public String piece(int id) {
            return id == 1000 ? "ab" : Character.toString(id);
        }
    };

    @Test
    void reportsEveryMismatchWithItsFirstDifferenceAndWindows() {
        List<String> texts = List.of("xyz", "0123456789ab0123456789", "ab", "none");
        ParityReport r = TokenizerParity.compare(CHARS, MERGES_AB, texts, TokenizerParity.Mode.UNTRUSTED);
        assertEquals(4, r.total());
        assertEquals(2, r.matches());
        assertFalse(r.identical());
        assertEquals(2, r.mismatches().size());

        ParityMismatch m = r.mismatches().get(0);
        assertEquals(1, m.index());
        assertEquals(10, m.position());
        assertEquals(22, m.llamaLength());
        assertEquals(21, m.hfLength());
        assertEquals(4, m.windowStart());
        assertEquals(List.of("4", "5", "6", "7", "8", "9", "a", "b", "0", "1", "2", "3"), m.llamaPieces());
        assertEquals(List.of("4", "5", "6", "7", "8", "9", "ab", "0", "1", "2", "3", "4"), m.hfPieces());
        assertEquals(1000, m.hfIds().get(6));
        assertTrue(m.describe().contains("first difference at token 10"), m.describe());
        assertTrue(m.describe().contains("\"ab\"#1000"), m.describe());

        assertEquals(0, r.mismatches().get(1).position());
        assertEquals(2, r.mismatches().get(1).index());
        assertTrue(r.verdict().startsWith("MISMATCH: 2 of 4"), r.verdict());
        assertEquals(3 + 22 + 2 + 4, r.llamaTokens());
        assertEquals(3 + 21 + 1 + 4, r.hfTokens());
    }

    @Test
    void aMissingTailCountsAsADifference() {
        TokenizerParity.Side dropsLast = new TokenizerParity.Side() {
            @Override
            public int[] tokenize(String text) {
                int[] all = text.codePoints().toArray();
                return java.util.Arrays.copyOf(all, all.length - 1);
            }

            @Override
            public String piece(int id) {
                return Character.toString(id);
            }
        };
        ParityMismatch m = TokenizerParity.compare(CHARS, dropsLast, List.of("abc"), TokenizerParity.Mode.TRUSTED)
                .mismatches().getFirst();
        assertEquals(2, m.position());
        assertEquals(List.of("a", "b", "c"), m.llamaPieces());
        assertEquals(List.of("a", "b"), m.hfPieces());
    }

    @Test
    void identicalTokenizersMatch() {
        ParityReport r = TokenizerParity.compare(CHARS, CHARS, List.of("a", "b\n", ""), TokenizerParity.Mode.UNTRUSTED);
        assertTrue(r.identical());
        assertTrue(r.verdict().startsWith("MATCH: llama.cpp and tokenizer.json agree on all 3 texts"), r.verdict());
    }

    @Test
    void piecesAreQuotedVisibly() {
        assertEquals("\"a\\nb\\t\\u200b\\\"\"", Pieces.quote("a\nb\t\u200b\""));
        assertEquals("ab… (5 chars)", Pieces.shorten("abcde", 2));
    }
}
