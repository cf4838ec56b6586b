package dev.gavel.tokenize;

import java.util.List;

/**
 * Outcome of a {@link TokenizerParity} comparison.
 *
 * @param mode        special-token rule both sides used
 * @param total       texts compared
 * @param matches     texts with identical ids on both sides
 * @param llamaTokens tokens llama.cpp produced over all texts
 * @param hfTokens    tokens the Hugging Face tokenizer produced over all texts
 * @param mismatches  every text that differs, in input order
 */
public record ParityReport(TokenizerParity.Mode mode, int total, int matches, long llamaTokens, long hfTokens,
                           List<ParityMismatch> mismatches) {
    public ParityReport {
        mismatches = List.copyOf(mismatches);
        if (matches + mismatches.size() != total) {
            throw new IllegalArgumentException("matches + mismatches must equal total");
        }
    }

    /** True when every text tokenized identically. */
    public boolean identical() {
        return mismatches.isEmpty();
    }

    /** One line: whether the GGUF reproduces the tokenizer.json, with the counts. */
    public String verdict() {
        if (identical()) {
            return "MATCH: llama.cpp and tokenizer.json agree on all " + total + " texts (" + llamaTokens + " tokens, "
                    + mode.name().toLowerCase(java.util.Locale.ROOT) + " mode)";
        }
        return "MISMATCH: " + mismatches.size() + " of " + total + " texts tokenize differently (" + matches
                + " match; llama.cpp " + llamaTokens + " tokens, tokenizer.json " + hfTokens + "); "
                + "the model would not read what it was trained on: check the GGUF's tokenizer.ggml.pre, "
                + "normalizer and special tokens, or tokenize prompts with the tokenizer.json";
    }

    /** The verdict followed by every mismatch, for a terminal or a log. */
    public String describe() {
        StringBuilder b = new StringBuilder(verdict());
        for (ParityMismatch m : mismatches) {
            b.append("\n\n").append(m.describe());
        }
        return b.toString();
    }
}
