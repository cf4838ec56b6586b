package dev.gavel.bench;

import dev.gavel.format.AnswerSpec;

/**
 * One judgment's prompt as every contender sees it.
 *
 * @param id     the work item's id
 * @param group  the work item's group
 * @param tokens Gavel's token ids (BOS when the model adds one, trusted template text with special
 *               parsing, request text without)
 * @param text   the exact text the chat template renders (what jllama receives; it adds BOS itself)
 * @param textTokens tokens of {@code text} tokenized whole, as jllama's server does (BOS added,
 *               special parsing on); may differ from {@code tokens.length} by a few merges
 * @param answer how the judge must answer
 */
public record BenchPrompt(String id, String group, int[] tokens, String text, int textTokens, AnswerSpec answer) {
    public BenchPrompt {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    public int length() {
        return tokens.length;
    }
}
