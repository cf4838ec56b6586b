package dev.gavel.engine;

/**
 * What the decoding side of the engine needs to know about a model's vocabulary. Implemented by
 * the native binding over llama.cpp's vocabulary; kept as an interface so constraint and sampling
 * logic can be tested on synthetic vocabularies.
 */
public interface TokenVocabulary {

    /** Number of tokens; valid ids are 0 .. size()-1. */
    int size();

    /**
     * The exact bytes this token contributes to the output text (UTF-8, possibly a partial
     * character). Control tokens (BOS, EOS, chat markers) give an empty array.
     */
    byte[] tokenBytes(int token);

    /** Whether sampling this token ends generation (EOS, EOT, im_end, ...). */
    boolean isEndOfGeneration(int token);

    /** Whether this is a control/special token; such tokens are never allowed inside a constrained choice. */
    boolean isControl(int token);

    /** Tokenizes plain text: no BOS, and special-token text is treated as ordinary text. */
    int[] tokenize(String text);
}
