package dev.gavel.tokenize;

/**
 * Tokens one item needs.
 *
 * @param id           the item's id
 * @param promptTokens prompt tokens, BOS included when the tokenizer adds one
 * @param answerTokens tokens reserved for the judge's answer (feedback budget, or the choice
 *                     budget for score-only prompts)
 * @param newTokens    prompt tokens no earlier item shares as a prefix (what an ideal prefix
 *                     cache computes for this item, in input order)
 */
public record ItemBudget(String id, int promptTokens, int answerTokens, int newTokens) {
    /** Context cells the item needs: prompt plus answer, the engine's admission rule. */
    public int totalTokens() {
        return promptTokens + answerTokens;
    }
}
