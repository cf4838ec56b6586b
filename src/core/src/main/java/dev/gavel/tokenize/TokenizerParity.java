package dev.gavel.tokenize;

import dev.gavel.llama.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Compares llama.cpp's tokenization of texts (from the GGUF's tokenizer metadata) with the
 * Hugging Face tokenizer's (tokenizer.json through DJL) and reports every text where the ids
 * differ. Neither side adds BOS/EOS.
 *
 * <p>In {@link Mode#UNTRUSTED} (the default: judged content) llama.cpp runs with
 * {@code parse_special = false} and Hugging Face with special tokens split as text; in
 * {@link Mode#TRUSTED} both turn special-token text into special tokens.
 */
public final class TokenizerParity {
    /** Tokens shown on each side of the first difference. */
    public static final int WINDOW = 6;

    /** Which special-token rule both sides use. */
    public enum Mode {
        /** Special-token text stays text (llama.cpp parse_special=false). */
        UNTRUSTED,
        /** Special-token text becomes the special token (llama.cpp parse_special=true). */
        TRUSTED
    }

    /** One side of the comparison: how it tokenizes and how it shows a token. */
    interface Side {
        int[] tokenize(String text);

        String piece(int id);
    }

    private TokenizerParity() {
    }

    /** Compares in {@link Mode#UNTRUSTED} mode. */
    public static ParityReport compare(Vocabulary llama, HfTokenizer hf, List<String> texts) {
        return compare(llama, hf, texts, Mode.UNTRUSTED);
    }

    /** Compares every text; the report lists each mismatch in input order. */
    public static ParityReport compare(Vocabulary llama, HfTokenizer hf, List<String> texts, Mode mode) {
        Objects.requireNonNull(llama, "llama");
        Objects.requireNonNull(hf, "hf");
        boolean special = mode == Mode.TRUSTED;
        Side llamaSide = new Side() {
            @Override
            public int[] tokenize(String text) {
                return llama.tokenize(text, false, special);
            }

            @Override
            public String piece(int id) {
                return llama.text(id);
            }
        };
        Side hfSide = new Side() {
            @Override
            public int[] tokenize(String text) {
                return special ? hf.encode(text) : hf.encodeUntrusted(text);
            }

            @Override
            public String piece(int id) {
                return hf.pieces(new int[]{id}).getFirst();
            }
        };
        return compare(llamaSide, hfSide, texts, mode);
    }

    static ParityReport compare(Side llama, Side hf, List<String> texts, Mode mode) {
        Objects.requireNonNull(texts, "texts");
        List<ParityMismatch> mismatches = new ArrayList<>();
        long llamaTokens = 0;
        long hfTokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int[] a = llama.tokenize(text);
            int[] b = hf.tokenize(text);
            llamaTokens += a.length;
            hfTokens += b.length;
            int at = Arrays.mismatch(a, b);
            if (at >= 0) {
                int from = Math.max(0, at - WINDOW);
                mismatches.add(new ParityMismatch(i, text, at, a.length, b.length, from,
                        window(llama, a, from, at + WINDOW), window(hf, b, from, at + WINDOW),
                        ids(a, from, at + WINDOW), ids(b, from, at + WINDOW)));
            }
        }
        return new ParityReport(mode, texts.size(), texts.size() - mismatches.size(), llamaTokens, hfTokens, mismatches);
    }

    private static List<String> window(Side side, int[] ids, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < Math.min(to, ids.length); i++) {
            out.add(side.piece(ids[i]));
        }
        return out;
    }

    private static List<Integer> ids(int[] ids, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < Math.min(to, ids.length); i++) {
            out.add(ids[i]);
        }
        return out;
    }
}
