package dev.gavel.tokenize;

import dev.gavel.JudgeMode;
import dev.gavel.format.AnswerSpec;
import dev.gavel.format.PromptSegment;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.testing.CharTokenizer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Planner arithmetic on a character tokenizer: one id per character, "<S>" trusted is one special id. */
class TokenBudgetPlannerTest {
    static final PromptTokenizer CHARS = CharTokenizer.INSTANCE;

    private static RenderedPrompt prompt(String template, String content, boolean scoreOnly) {
        AnswerSpec answer = scoreOnly ? new AnswerSpec(JudgeMode.SCORE_ONLY, "", List.of("1", "2"), "")
                : AnswerSpec.feedbackThenScore("[RESULT] ", List.of("1", "2"));
        return new RenderedPrompt(List.of(PromptSegment.template(template), PromptSegment.content(content)), answer,
                "test", "raw", "0".repeat(64));
    }

    private static PlannedPrompt planned(String id, RenderedPrompt prompt, int answerTokens) {
        return new PlannedPrompt(id, CHARS.tokenize(prompt), answerTokens);
    }

    @Test
    void trustedSegmentsParseSpecialsAndBosComesFirst() {
        assertArrayEquals(new int[]{0, 1, 'x', '<', 'S', '>'}, CHARS.tokenize(prompt("<S>x", "<S>", false)));
    }

    @Test
    void countsPromptAnswerSharedPrefixesAndFit() {
        List<PlannedPrompt> items = List.of(
                planned("a", prompt("<S>rubric:", "one", false), 10),   // 1 + 8 + 3 = 12 tokens
                planned("b", prompt("<S>rubric:", "two!", false), 10),  // 13 tokens, 9 shared with a
                planned("c", prompt("<S>rubric:", "one", true), 2));    // 12 tokens, all shared with a
        TokenBudget plan = TokenBudgetPlanner.plan(items, OptionalInt.of(22));
        assertEquals(List.of(12, 13, 12), plan.items().stream().map(ItemBudget::promptTokens).toList());
        assertEquals(List.of(10, 10, 2), plan.items().stream().map(ItemBudget::answerTokens).toList());
        assertEquals(List.of(12, 4, 0), plan.items().stream().map(ItemBudget::newTokens).toList());
        assertEquals(37, plan.promptTokens());
        assertEquals(16, plan.uniquePromptTokens());
        assertEquals(21, plan.savedByPrefixSharing());
        assertEquals(22, plan.answerTokens());
        assertEquals(59, plan.totalTokens());
        assertEquals(23, plan.largestItem());
        assertEquals(List.of("b"), plan.tooLong().stream().map(ItemBudget::id).toList(), "13 + 10 > 22; 12 + 10 fits exactly");

        Throughput speed = new Throughput(4, 2);
        assertEquals(Duration.ofMillis(15_000), plan.estimate(speed, true), "16/4 + 22/2");
        assertEquals(Duration.ofMillis(20_250), plan.estimate(speed, false), "37/4 + 22/2");
    }

    @Test
    void trieCountsDistinctPrefixes() {
        TokenTrie t = new TokenTrie();
        assertEquals(3, t.insert(new int[]{1, 2, 3}));
        assertEquals(0, t.insert(new int[]{1, 2}));
        assertEquals(1, t.insert(new int[]{1, 2, 4}));
        assertEquals(2, t.insert(new int[]{2, 2}), "same tokens under another prefix are new");
        assertEquals(1, t.insert(new int[]{-1}), "any int is a token");
        assertEquals(7, t.size());
        assertEquals(5, TokenTrie.distinctTokens(List.of(new int[]{1, 2, 3}, new int[]{1, 2}, new int[]{1, 4, 5})),
                "a prompt that is a prefix of another is free");
        assertEquals(0, TokenTrie.distinctTokens(List.of()));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PlannedPrompt("x", new int[]{1}, -1));
        assertThrows(IllegalArgumentException.class, () -> new Throughput(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Throughput(1, Double.NaN));
    }
}
