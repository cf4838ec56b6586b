package dev.gavel.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Counts the tokens a judging run needs before loading the model: each item's prompt and answer
 * budget, how many prompt tokens shared prefixes save, and which items will not fit the context.
 * The prompts come prepared exactly as the engine will receive them (by the judge's recipe, with
 * the model's tokenizer.json), so the counts are the run's.
 */
public final class TokenBudgetPlanner {
    private TokenBudgetPlanner() {
    }

    /**
     * Plans a run.
     *
     * @param prompts     items in run order
     * @param contextSize the context the run will use, or empty to skip the fit check
     */
    public static TokenBudget plan(List<PlannedPrompt> prompts, OptionalInt contextSize) {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(contextSize, "contextSize");
        TokenTrie trie = new TokenTrie();
        List<ItemBudget> items = new ArrayList<>(prompts.size());
        List<ItemBudget> tooLong = new ArrayList<>();
        long prompt = 0;
        long answer = 0;
        for (PlannedPrompt p : prompts) {
            int[] ids = p.tokens();
            ItemBudget item = new ItemBudget(p.id(), ids.length, p.answerTokens(), trie.insert(ids));
            items.add(item);
            prompt += ids.length;
            answer += p.answerTokens();
            if (contextSize.isPresent() && item.totalTokens() > contextSize.getAsInt()) {
                tooLong.add(item);
            }
        }
        return new TokenBudget(items, contextSize, prompt, trie.size(), answer, tooLong);
    }
}
