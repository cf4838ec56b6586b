package dev.gavel;

import dev.gavel.data.PrometheusDataset;
import dev.gavel.data.VicunaExample;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: Vicuna dev items graded end to end with stories260K (chatml template) give
 * well-formed judgments with scores in 1-5.
 *
 * <p>stories260K's 512-token vocabulary makes these prompts 1,848-5,124 tokens long (measured,
 * 3,163 on average: about a million prompt tokens for all 320). On two shared cores llama.cpp
 * computes 120-200 prompt tokens a second here, so all 320 take well over an hour. The default
 * run grades an evenly spread subset ({@code -Dgavel.vicuna.items=N}, default 4);
 * {@code -Dgavel.vicuna.items=320} is the full acceptance run. Nothing is elided: the context
 * holds {@code parallel} of the longest prompts ({@code -Dgavel.vicuna.parallel}, default 1) and
 * feedback is limited to 16 tokens. The prefix cache is off by default
 * ({@code -Dgavel.vicuna.prefixCache=true} to turn it on): Vicuna prompts share only the task
 * description, and cached prefixes widen the KV window every token attends over, which made
 * this run 1.7x slower.
 */
class JudgeVicunaTest {
    private static final int LONGEST_PROMPT = 5124;

    @Test
    void gradesVicunaItems() throws Exception {
        List<VicunaExample> all = PrometheusDataset.loadVicuna(SharedFixtures.data("prometheus_vicuna_eval.json"));
        assertEquals(320, all.size());
        int items = Integer.getInteger("gavel.vicuna.items", 4);
        int parallel = Integer.getInteger("gavel.vicuna.parallel", 1);
        List<AbsoluteRequest> requests = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            requests.add(all.get((int) ((long) i * all.size() / items)).request());
        }
        JudgeOptions options = JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(16).parallel(parallel)
                .prefixCache(Boolean.parseBoolean(System.getProperty("gavel.vicuna.prefixCache", "false")))
                .contextSize(parallel * (LONGEST_PROMPT + 64)).build();
        long start = System.nanoTime();
        try (Judge judge = Judge.open(SharedFixtures.model("stories260K.gguf"), options)) {
            AtomicInteger done = new AtomicInteger();
            List<CompletableFuture<Judgment>> futures = new ArrayList<>();
            for (AbsoluteRequest r : requests) {
                futures.add(judge.gradeAsync(r).whenComplete((j, e) -> {
                    int n = done.incrementAndGet();
                    if (n % 20 == 0) {
                        System.out.printf("vicuna: %d/%d graded after %.0f s%n", n, items, (System.nanoTime() - start) / 1e9);
                    }
                }));
            }
            List<Judgment> judgments = futures.stream().map(CompletableFuture::join).toList();
            assertEquals(items, judgments.size());
            for (Judgment j : judgments) {
                assertTrue(j.score() >= 1 && j.score() <= 5, "score " + j.score());
                assertEquals(List.of("1", "2", "3", "4", "5"), j.distribution().options());
                assertTrue(j.expectedScore() >= 1 && j.expectedScore() <= 5);
                assertTrue(j.formatAdherence() > 0 && j.formatAdherence() <= 1 + 1e-9);
                assertNotNull(j.feedback());
                assertFalse(j.elided());
                assertTrue(j.tokens().prompt() >= 1848 && j.tokens().prompt() <= LONGEST_PROMPT);
                assertTrue(j.tokens().generated() > 0 && j.tokens().generated() <= 16 + 16);
                assertEquals("prometheus2", j.provenance().formatId());
                assertEquals("chatml", j.provenance().chatTemplate());
                assertEquals(judge.model().sha256(), j.provenance().modelSha256());
            }
            System.out.printf("vicuna: %d well-formed judgments in %.0f s, score counts %s, %s%n", items,
                    (System.nanoTime() - start) / 1e9, judgments.stream().collect(Collectors.groupingBy(Judgment::score,
                            TreeMap::new, Collectors.counting())), judge.metrics());
        }
    }
}
