package dev.gavel.tokenize;

import dev.gavel.format.PromptSegment;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.llama.Vocabulary;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@link PromptTokenizer} over llama.cpp's vocabulary.
 *
 * @param vocabulary the loaded model's vocabulary
 * @param addBos     put the model's BOS token first
 */
record LlamaPromptTokenizer(Vocabulary vocabulary, boolean addBos) implements PromptTokenizer {
    LlamaPromptTokenizer {
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (addBos && vocabulary.bos() < 0) {
            throw new IllegalArgumentException("the model has no BOS token to add");
        }
    }

    @Override
    public int[] trusted(String text) {
        return vocabulary.tokenize(text, false, true);
    }

    @Override
    public int[] untrusted(String text) {
        return vocabulary.tokenize(text, false, false);
    }

    /**
     * Segment by segment, but with llama.cpp's whole-string rule for the word-start space of
     * SentencePiece vocabularies: only at the start of the prompt and after a special token.
     * Without this every trusted/untrusted boundary would gain a space the model never saw in
     * training (Prometheus 2 is Mistral-based, so this matters for the default judge).
     */
    @Override
    public int[] tokenize(RenderedPrompt prompt) {
        TokenBuffer out = new TokenBuffer(256);
        bos().ifPresent(out::add);
        boolean afterSpecial = true;
        for (PromptSegment s : SegmentSpacing.align(prompt.segments())) {
            int[] ids = afterSpecial
                    ? vocabulary.tokenize(s.text(), false, s.trusted())
                    : vocabulary.tokenizeContinuation(s.text(), s.trusted());
            out.addAll(ids);
            if (ids.length > 0) {
                afterSpecial = vocabulary.isControl(ids[ids.length - 1]);
            }
        }
        return out.toArray();
    }

    @Override
    public OptionalInt bos() {
        return addBos ? OptionalInt.of(vocabulary.bos()) : OptionalInt.empty();
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }
}
