package dev.gavel.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slots, prefix reuse, eviction and fit arithmetic against a KV cache in Java: no llama.cpp. The
 * fake cache refuses a fork of uncomputed cells and a write off the end of a sequence, so a slot
 * bookkept wrongly fails here rather than corrupting a generation.
 */
class KvSlotManagerTest {
    private FakeKvSequences cache;
    private EngineCounters counters;

    private KvSlotManager manager(EngineOptions options) {
        cache = new FakeKvSequences(options.sequenceSlots(), options.contextSize());
        counters = new EngineCounters();
        return new KvSlotManager(cache, options, counters);
    }

    private static EngineOptions.Builder options() {
        return EngineOptions.builder().contextSize(64).threads(1).prefixCache(true);
    }

    /** Prompt tokens {@code first, first + 1, ...}: prompts built from different firsts share nothing. */
    static int[] tokens(int first, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = 32 + Math.floorMod(first + i, 200);
        }
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private KvSlotManager.Lease admit(KvSlotManager m, int[] prompt, int maxTokens) {
        KvSlotManager.Placement placement = m.place(prompt, maxTokens);
        assertNotNull(placement, "a slot for the prompt");
        return m.occupy(placement, prompt);
    }

    /** Writes cells as a decode would and books them. */
    private void compute(KvSlotManager m, KvSlotManager.Lease lease, int cells) {
        cache.write(lease.sequence(), lease.position(), cells);
        m.appended(lease, cells);
    }

    /** Admits a prompt, computes it and a few output tokens, and releases it with its prompt kept. */
    private int runAndCache(KvSlotManager m, int[] prompt) {
        KvSlotManager.Lease lease = admit(m, prompt, 4);
        compute(m, lease, prompt.length - lease.position() + 3);
        m.release(lease, true);
        return lease.sequence();
    }

    @Test
    void aCachedPromptIsTakenOverKeepingOnlyTheSharedPrefix() {
        KvSlotManager m = manager(options().parallel(1).cachedPrefixes(1).build());
        int[] shared = tokens(0, 15);
        int slot = runAndCache(m, concat(shared, tokens(100, 5)));
        assertEquals(KvSlotManager.SlotState.CACHED, m.state(slot));
        assertEquals(20, cache.cells(slot), "the output's cells were dropped, the prompt's kept");
        cache.takeOperations();

        KvSlotManager.Lease next = admit(m, concat(shared, tokens(150, 3)), 4);
        assertEquals(slot, next.sequence(), "the cached slot is taken over, not copied into the free one");
        assertEquals(List.of("truncate " + slot + " 15"), cache.takeOperations());
        assertEquals(15, cache.cells(slot));
        assertEquals(15, next.reused());
        assertEquals(15, next.position());
        assertEquals(15, next.coveredPrompt());
        assertEquals(KvSlotManager.SlotState.ACTIVE, m.state(slot));
    }

    @Test
    void anIdenticalPromptReusesAllButItsLastToken() {
        KvSlotManager m = manager(options().parallel(1).cachedPrefixes(1).build());
        int[] prompt = tokens(7, 12);
        int slot = runAndCache(m, prompt);
        KvSlotManager.Placement again = m.place(prompt, 4);
        assertEquals(new KvSlotManager.Placement(slot, slot, 11, 1 + 4), again,
                "one prompt token is computed again, for the logits of the first sample");
    }

    @Test
    void anActiveHolderIsForkedOnceItHasComputedThePrefix() {
        KvSlotManager m = manager(options().parallel(2).cachedPrefixes(0).build());
        int[] shared = tokens(0, 20);
        KvSlotManager.Lease holder = admit(m, concat(shared, tokens(100, 10)), 4);
        compute(m, holder, 10);
        KvSlotManager.Lease follower = admit(m, concat(shared, tokens(150, 6)), 4);
        assertTrue(follower.awaitsPrefix(), "the prefix is still being computed: wait for it");
        assertEquals(20, follower.coveredPrompt());
        assertEquals(KvSlotManager.PrefixWait.WAITING, m.resolvePrefix(follower));
        assertEquals(0, cache.cells(follower.sequence()));

        compute(m, holder, 10);
        cache.takeOperations();
        assertEquals(KvSlotManager.PrefixWait.FORKED, m.resolvePrefix(follower));
        assertEquals(List.of("fork " + holder.sequence() + " " + follower.sequence() + " 20"), cache.takeOperations());
        assertFalse(follower.awaitsPrefix());
        assertEquals(20, follower.position());
        assertEquals(20, follower.reused());
        assertEquals(20, cache.cells(follower.sequence()));
    }

    @Test
    void aPrefixWhoseHolderIsReleasedBeforeTheForkMustBeComputed() {
        KvSlotManager m = manager(options().parallel(2).cachedPrefixes(0).build());
        int[] shared = tokens(0, 20);
        KvSlotManager.Lease holder = admit(m, concat(shared, tokens(100, 10)), 4);
        KvSlotManager.Lease follower = admit(m, concat(shared, tokens(150, 6)), 4);
        m.release(holder, false); // cancelled: its cells are gone
        cache.takeOperations();
        assertEquals(KvSlotManager.PrefixWait.HOLDER_GONE, m.resolvePrefix(follower));
        assertEquals(List.of(), cache.takeOperations(), "nothing is forked from a cleared slot");
        assertEquals(0, follower.coveredPrompt());
        assertEquals(20, follower.awaitedLength(), "what the request must now compute itself");
        assertEquals(0, follower.reused());
    }

    @Test
    void cachedPromptsBeyondTheLimitAreEvictedLeastRecentlyUsedFirst() {
        KvSlotManager m = manager(options().parallel(1).cachedPrefixes(2).build());
        int[] x = tokens(0, 10);
        int[] y = tokens(40, 10);
        int[] z = tokens(80, 10);
        int slotX = runAndCache(m, x);
        int slotY = runAndCache(m, y);
        cache.takeOperations();
        int slotZ = runAndCache(m, z);
        assertEquals(KvSlotManager.SlotState.FREE, m.state(slotX), "the oldest of three cached prompts goes");
        assertTrue(cache.takeOperations().contains("clear " + slotX));
        assertEquals(0, cache.cells(slotX));
        assertEquals(1, counters.evictions.get());
        assertEquals(0, m.place(x, 4).reuse(), "an evicted prompt is no longer offered for reuse");

        // Reusing y makes it the most recent, so the next eviction takes z although z is younger.
        assertEquals(slotY, runAndCache(m, concat(Arrays.copyOf(y, 6), tokens(120, 4))));
        runAndCache(m, tokens(160, 10));
        assertEquals(KvSlotManager.SlotState.FREE, m.state(slotZ));
        assertEquals(KvSlotManager.SlotState.CACHED, m.state(slotY));
        assertEquals(2, counters.evictions.get());
        assertEquals(new KvSlotManager.Usage(2, 20, 20), m.usage());
    }

    @Test
    void aUnifiedCacheAdmitsOnlyWhatFitsAndEvictsCachedPromptsForRoom() {
        KvSlotManager m = manager(options().unifiedKv(true).parallel(3).cachedPrefixes(1).build());
        int cachedSlot = runAndCache(m, tokens(0, 30));

        // 64 cells: 30 cached, and the next request may grow by 20 + 10.
        KvSlotManager.Lease first = admit(m, tokens(50, 20), 10);
        assertEquals(KvSlotManager.SlotState.CACHED, m.state(cachedSlot), "it fits beside the cached prompt");
        assertEquals(0, counters.evictions.get());

        // A second one only fits once the cached prompt is gone: its growth is reserved before any is computed.
        KvSlotManager.Lease second = admit(m, tokens(100, 20), 10);
        assertEquals(1, counters.evictions.get());
        assertEquals(cachedSlot, second.sequence(), "the evicted prompt's slot is the first free one");
        assertEquals(0, cache.cells(cachedSlot));
        assertEquals(0, second.reused());

        assertNull(m.place(tokens(150, 20), 10), "nothing left to evict: the third must wait");
        compute(m, first, 20);
        assertNull(m.place(tokens(150, 20), 10), "computed cells count as the growth they used");
        m.release(first, false);
        assertNotNull(m.place(tokens(150, 20), 10), "room again once a request is done");
    }

    @Test
    void perSequenceStreamsAdmitWithoutCountingOtherSequencesCells() {
        KvSlotManager m = manager(options().parallel(3).cachedPrefixes(0).build());
        admit(m, tokens(0, 40), 20);
        admit(m, tokens(60, 40), 20);
        assertNotNull(m.place(tokens(120, 40), 20), "each request has a stream of its own");
        assertEquals(64, m.requestCapacity());
    }

    @Test
    void aFailedDecodesCellsAreRolledBackToWhatWasBooked() {
        KvSlotManager m = manager(options().parallel(1).cachedPrefixes(0).build());
        KvSlotManager.Lease lease = admit(m, tokens(0, 30), 4);
        compute(m, lease, 8);
        cache.write(lease.sequence(), 8, 16); // a decode that wrote cells, then failed
        m.rollBack(lease);
        assertEquals(8, cache.cells(lease.sequence()));
        assertEquals(8, lease.position());
        assertEquals(new KvSlotManager.Usage(0, 0, 8), m.usage());
    }

    @Test
    void releasingWithoutKeepingThePromptFreesEveryCell() {
        KvSlotManager m = manager(options().parallel(1).cachedPrefixes(1).build());
        KvSlotManager.Lease lease = admit(m, tokens(0, 30), 4);
        compute(m, lease, 12);
        m.release(lease, true); // the prompt was never fully computed: nothing worth caching
        assertEquals(KvSlotManager.SlotState.FREE, m.state(lease.sequence()));
        assertEquals(0, cache.cells(lease.sequence()));
        assertEquals(new KvSlotManager.Usage(0, 0, 0), m.usage());
        assertEquals(0, m.place(tokens(0, 30), 4).reuse());
    }
}
