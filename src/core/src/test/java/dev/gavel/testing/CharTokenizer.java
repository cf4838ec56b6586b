package dev.gavel.testing;

import dev.gavel.tokenize.PromptTokenizer;

import java.util.OptionalInt;

/**
 * A tokenizer for tests without a model: one id per character, and in trusted text "&lt;S&gt;" is
 * one special id (1). BOS is id 0.
 */
public class CharTokenizer implements PromptTokenizer {
    public static final CharTokenizer INSTANCE = new CharTokenizer();

    @Override
    public int[] trusted(String text) {
        return text.replace("<S>", "\u0001").codePoints().toArray();
    }

    @Override
    public int[] untrusted(String text) {
        return text.codePoints().toArray();
    }

    @Override
    public OptionalInt bos() {
        return OptionalInt.of(0);
    }

    @Override
    public int vocabularySize() {
        return 0x110000;
    }

    /** Text back from character ids. */
    public static String text(int[] ids) {
        return new String(ids, 0, ids.length);
    }
}
