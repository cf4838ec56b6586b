package dev.gavel.tokenize;

import dev.gavel.format.PromptSegment;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.llama.Vocabulary;

import java.util.OptionalInt;

/**
 * Turns a {@link RenderedPrompt} into the token ids the engine runs: BOS first when the
 * tokenizer has one to add, then every segment in order, trusted (template) segments with
 * special-token parsing, untrusted (content) segments without, ids concatenated.
 *
 * <p>Two implementations: {@link #llama(Vocabulary)} uses llama.cpp's re-implementation of the
 * model's tokenizer from the GGUF; {@link #huggingFace(HfTokenizer, OptionalInt)} uses the
 * model's own {@code tokenizer.json}, so a judge reads exactly the ids it was trained on even
 * where llama.cpp's tokenizer differs (see docs/tokenizers.md). Segments are tokenized one by
 * one, so no token ever straddles a trust boundary; a whole-string tokenizer could merge the
 * characters on either side of one.
 */
public interface PromptTokenizer {

    /** Ids of trusted text: special-token text becomes special tokens. No BOS. */
    int[] trusted(String text);

    /** Ids of untrusted text: special-token text stays text. No BOS. */
    int[] untrusted(String text);

    /** The token put in front of every prompt, or empty for none. */
    OptionalInt bos();

    /** Number of token ids, for range checks by the caller. */
    int vocabularySize();

    /** The prompt's ids: {@link #bos()} if present, then each segment by its trust level. */
    default int[] tokenize(RenderedPrompt prompt) {
        TokenBuffer out = new TokenBuffer(256);
        bos().ifPresent(out::add);
        for (PromptSegment s : SegmentSpacing.align(prompt.segments())) {
            out.addAll(s.trusted() ? trusted(s.text()) : untrusted(s.text()));
        }
        return out.toArray();
    }

    /** llama.cpp's tokenizer, adding BOS exactly when the model's metadata asks for it. */
    static PromptTokenizer llama(Vocabulary vocabulary) {
        return new LlamaPromptTokenizer(vocabulary, vocabulary.addsBos());
    }

    /** llama.cpp's tokenizer with an explicit BOS choice. */
    static PromptTokenizer llama(Vocabulary vocabulary, boolean addBos) {
        return new LlamaPromptTokenizer(vocabulary, addBos);
    }

    /**
     * The Hugging Face tokenizer.
     *
     * @param bos the BOS id to put first (take it from the model, e.g.
     *            {@code vocabulary.addsBos() ? OptionalInt.of(vocabulary.bos()) : OptionalInt.empty()}),
     *            or empty for none; Hugging Face chat templates of ChatML models add none
     */
    static PromptTokenizer huggingFace(HfTokenizer tokenizer, OptionalInt bos) {
        return new HfPromptTokenizer(tokenizer, bos);
    }
}
