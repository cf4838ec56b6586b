package dev.gavel.tokenize;

import dev.gavel.AbsoluteRequest;
import dev.gavel.format.ChatTemplate;
import dev.gavel.format.JudgeFormat;
import dev.gavel.format.RenderedPrompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Counts the tokens a judging run needs before loading the model: each item's prompt exactly as
 * the engine will receive it (through a {@link PromptTokenizer}, normally the model's
 * tokenizer.json), the answer budget, how many prompt tokens shared prefixes save, and which
 * items will not fit the context.
 *
 * @param tokenizer       turns rendered prompts into ids
 * @param feedbackTokens  answer budget of a prompt where the judge writes feedback first
 * @param scoreOnlyTokens answer budget of a score-only prompt (the choice alone)
 */
public record TokenBudgetPlanner(PromptTokenizer tokenizer, int feedbackTokens, int scoreOnlyTokens) {
    /** Default feedback budget: the judge's own, so that a plan counts what a run with defaults does. */
    public static final int DEFAULT_FEEDBACK_TOKENS = dev.gavel.JudgeOptions.DEFAULT_FEEDBACK_TOKENS;
    /** Default score-only budget: the option and its closing text. */
    public static final int DEFAULT_SCORE_ONLY_TOKENS = 4;

    public TokenBudgetPlanner {
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (feedbackTokens <= 0 || scoreOnlyTokens <= 0) {
            throw new IllegalArgumentException("answer budgets must be > 0: feedback " + feedbackTokens
                    + ", score-only " + scoreOnlyTokens);
        }
    }

    /** A planner with the default answer budgets. */
    public TokenBudgetPlanner(PromptTokenizer tokenizer) {
        this(tokenizer, DEFAULT_FEEDBACK_TOKENS, DEFAULT_SCORE_ONLY_TOKENS);
    }

    /**
     * Renders absolute requests with a format and chat template.
     *
     * @param requests requests by item id, in run order
     */
    public static List<PlannedPrompt> renderAbsolute(Map<String, AbsoluteRequest> requests, JudgeFormat format,
                                                     ChatTemplate template) {
        List<PlannedPrompt> out = new ArrayList<>(requests.size());
        requests.forEach((id, r) -> out.add(new PlannedPrompt(id, format.renderAbsolute(r, template))));
        return out;
    }

    /** The prompt ids the engine will run for one item. */
    public int[] promptIds(RenderedPrompt prompt) {
        return tokenizer.tokenize(prompt);
    }

    /**
     * Plans a run.
     *
     * @param prompts     items in run order
     * @param contextSize the context the run will use, or empty to skip the fit check
     */
    public TokenBudget plan(List<PlannedPrompt> prompts, OptionalInt contextSize) {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(contextSize, "contextSize");
        TokenTrie trie = new TokenTrie();
        List<ItemBudget> items = new ArrayList<>(prompts.size());
        List<ItemBudget> tooLong = new ArrayList<>();
        long prompt = 0;
        long answer = 0;
        for (PlannedPrompt p : prompts) {
            int[] ids = promptIds(p.prompt());
            int budget = p.prompt().scoreOnly() ? scoreOnlyTokens : feedbackTokens;
            ItemBudget item = new ItemBudget(p.id(), ids.length, budget, trie.insert(ids));
            items.add(item);
            prompt += ids.length;
            answer += budget;
            if (contextSize.isPresent() && item.totalTokens() > contextSize.getAsInt()) {
                tooLong.add(item);
            }
        }
        return new TokenBudget(items, contextSize, prompt, trie.size(), answer, tooLong);
    }
}
