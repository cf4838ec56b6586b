package dev.gavel.engine;

import dev.gavel.EngineMetrics;
import dev.gavel.testing.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prefix cache changes what is computed, never what is generated. */
class EnginePrefixCacheTest {
    private static final int PREFIX = 500;
    @RegisterExtension
    static final LoadedModel MODEL = LoadedModel.shared("stories260K.gguf");

    /** Four prompts: one 500-token shared prefix (a rubric, say), then different endings. */
    private static List<GenerationRequest> sharedPrefixRequests() {
        String story = "Once upon a time there was a little girl named Lily. She liked to play in the park with her dog. ";
        int[] all = MODEL.model().vocabulary().tokenize(story.repeat(40), true, false);
        int[] prefix = Arrays.copyOf(all, PREFIX);
        String[] endings = {" The dog ran away.", " Tom came to play.", " It started to rain.", " Mom called them home."};
        List<GenerationRequest> out = new ArrayList<>();
        for (String ending : endings) {
            int[] suffix = MODEL.model().vocabulary().tokenize(ending, false, false);
            int[] prompt = Arrays.copyOf(prefix, PREFIX + suffix.length);
            System.arraycopy(suffix, 0, prompt, PREFIX, suffix.length);
            out.add(new GenerationRequest(prompt, new GenerationSpec(16, SamplingParams.greedy(), List.of(),
                    new ConstraintSpec.FreeTextThenChoice(10, "[RESULT]", List.of("1", "2", "3", "4", "5")))));
        }
        return out;
    }

    /** Length of the prefix all prompts have in common (the tokenizer may share a word-start token too). */
    private static int sharedLength(List<GenerationRequest> requests) {
        int[] first = requests.getFirst().prompt();
        int n = first.length;
        for (GenerationRequest r : requests) {
            n = Math.min(n, Arrays.mismatch(first, r.prompt()) < 0 ? n : Arrays.mismatch(first, r.prompt()));
        }
        return n;
    }

    private static Engine engine(boolean prefixCache) {
        return new Engine(MODEL.model(), EngineOptions.builder().parallel(4).cachedPrefixes(4).prefixCache(prefixCache)
                .contextSize(4096).threads(2).build());
    }

    @Test
    void sharedPrefixIsComputedOnceAndOutputsAreUnchanged() {
        List<GenerationRequest> requests = sharedPrefixRequests();
        int shared = sharedLength(requests);
        assertTrue(shared >= PREFIX, "at least the 500-token prefix is shared");
        int suffixTokens = requests.stream().mapToInt(r -> r.prompt().length - shared).sum();

        List<Generation> cached;
        EngineMetrics on;
        try (Engine e = engine(true)) {
            cached = EngineBatchingTest.runAll(e, requests);
            on = e.metrics();
        }
        List<Generation> uncached;
        EngineMetrics off;
        try (Engine e = engine(false)) {
            uncached = EngineBatchingTest.runAll(e, requests);
            off = e.metrics();
        }
        for (int i = 0; i < requests.size(); i++) {
            assertArrayEquals(uncached.get(i).tokens(), cached.get(i).tokens(), "request " + i);
            assertEquals(uncached.get(i).choices().getFirst().option(), cached.get(i).choices().getFirst().option());
        }
        assertEquals(shared + suffixTokens, on.promptTokensComputed(), "the shared prefix is computed once: " + on);
        assertEquals(3L * shared, on.promptTokensReused());
        assertEquals(3, on.cacheHits());
        assertEquals(4L * shared + suffixTokens, off.promptTokensComputed(), "without the cache every prompt is computed: " + off);
        assertEquals(0, off.promptTokensReused());
    }

    @Test
    void aFinishedPromptIsReusedByALaterRequest() {
        List<GenerationRequest> requests = sharedPrefixRequests();
        try (Engine e = engine(true)) {
            Generation first = e.submit(requests.get(0)).join();
            assertEquals(0, first.reusedTokens());
            Generation again = e.submit(requests.get(0)).join();
            assertEquals(requests.get(0).prompt().length - 1, again.reusedTokens(), "all but the last prompt token come from the cache");
            assertArrayEquals(first.tokens(), again.tokens());
            Generation sibling = e.submit(requests.get(1)).join();
            assertEquals(sharedLength(requests), sibling.reusedTokens());
            assertTrue(e.metrics().peakKvCells() < 2 * PREFIX + 100, "cached prefixes share cells: " + e.metrics());
        }
    }

    /**
     * One sequence at a time (a CPU lane): a request that shares a cached prompt's prefix takes
     * that slot over instead of copying the prefix into another, so the cache never holds the old
     * prompt's tail next to the new one, which would cost every later token attention over it.
     */
    @Test
    void oneSequenceLaneTakesOverTheCachedPromptInsteadOfKeepingItsTail() {
        List<GenerationRequest> requests = sharedPrefixRequests();
        int shared = sharedLength(requests);
        int longest = requests.stream().mapToInt(r -> r.prompt().length + r.spec().maxTokens()).max().orElseThrow();
        try (Engine e = new Engine(MODEL.model(), EngineOptions.builder().parallel(1).prefixCache(true)
                .contextSize(4096).threads(2).build())) {
            assertEquals(1, e.options().cachedPrefixes(), "a one-sequence lane keeps one finished prompt by default");
            for (GenerationRequest r : requests) {
                e.submit(r).join();
            }
            EngineMetrics m = e.metrics();
            assertEquals(3L * shared, m.promptTokensReused(), "every later sibling reuses the prefix: " + m);
            assertTrue(m.peakKvCells() <= longest, "never more cells than one prompt and its output: " + m);
        }
    }
}
