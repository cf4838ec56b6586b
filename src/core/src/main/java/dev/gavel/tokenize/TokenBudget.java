package dev.gavel.tokenize;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * A run's token budget, computed before any model is loaded.
 *
 * @param items              per item, in input order
 * @param contextSize        the context the run will use, or empty when not checked
 * @param promptTokens       prompt tokens over all items
 * @param uniquePromptTokens distinct prompt tokens over all items (token-trie nodes): what an ideal
 *                           prefix cache computes
 * @param answerTokens       answer tokens reserved over all items
 * @param tooLong            items whose prompt plus answer budget exceed {@code contextSize}
 */
public record TokenBudget(List<ItemBudget> items, OptionalInt contextSize, long promptTokens, long uniquePromptTokens,
                          long answerTokens, List<ItemBudget> tooLong) {
    public TokenBudget {
        items = List.copyOf(items);
        tooLong = List.copyOf(tooLong);
    }

    /** Prompt tokens a prefix cache need not compute: shared rubric, instructions and chat markup. */
    public long savedByPrefixSharing() {
        return promptTokens - uniquePromptTokens;
    }

    /** Prompt plus answer tokens over all items. */
    public long totalTokens() {
        return promptTokens + answerTokens;
    }

    /** Largest prompt-plus-answer need of one item (0 for no items). */
    public int largestItem() {
        return items.stream().mapToInt(ItemBudget::totalTokens).max().orElse(0);
    }

    /**
     * Time the run would take at the given speeds: unique prompt tokens (with a prefix cache) or
     * all prompt tokens (without one) at prefill speed, plus every reserved answer token at
     * generation speed; an upper bound for the answers, which usually stop earlier.
     *
     * @param prefixCache whether the engine reuses shared prefixes
     */
    public Duration estimate(Throughput speed, boolean prefixCache) {
        double prefill = (prefixCache ? uniquePromptTokens : promptTokens) / speed.promptTokensPerSecond();
        double generate = answerTokens / speed.generatedTokensPerSecond();
        return Duration.ofMillis(Math.round((prefill + generate) * 1000));
    }
}
