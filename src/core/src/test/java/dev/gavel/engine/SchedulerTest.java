package dev.gavel.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.gavel.engine.KvSlotManagerTest.concat;
import static dev.gavel.engine.KvSlotManagerTest.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission, step plans, back-off, isolation and cancellation, against a KV cache in Java: no
 * llama.cpp, no model. A plan is checked by its batch layout, written {@code seq@position+count},
 * with {@code *} where the chunk's last row gives logits; the fake cache checks that every chunk
 * writes at the end of its sequence.
 */
class SchedulerTest {
    private final TestVocabulary vocabulary = new TestVocabulary();
    private final MaskCache masks = new MaskCache(vocabulary);
    private final int sampledToken = vocabulary.id("a");
    private FakeKvSequences cache;
    private EngineCounters counters;
    private KvSlotManager slots;
    private Scheduler scheduler;

    private void start(EngineOptions.Builder options, int batchCapacity) {
        EngineOptions o = options.contextSize(64).threads(1).build();
        cache = new FakeKvSequences(o.sequenceSlots(), o.contextSize());
        counters = new EngineCounters();
        slots = new KvSlotManager(cache, o, counters);
        scheduler = new Scheduler(o, slots, counters, spec -> new DecodingState(spec, vocabulary, masks), batchCapacity);
    }

    private PendingRequest submit(int[] prompt, int maxTokens) {
        PendingRequest p = new PendingRequest(new GenerationRequest(prompt, new GenerationSpec(maxTokens,
                SamplingParams.greedy(), List.of(), new ConstraintSpec.Unconstrained())),
                new CompletableFuture<>(), System.nanoTime());
        scheduler.enqueue(p);
        return p;
    }

    private void admit() {
        scheduler.admit(() -> false);
    }

    private StepPlan plan() {
        scheduler.resolvePrefixWaits();
        return scheduler.plan();
    }

    /**
     * What the loop does with a plan llama.cpp decoded: the cells land in the cache, the scheduler
     * books them, and every chunk with logits samples a token (always the same one here).
     */
    private void decode(StepPlan plan) {
        for (StepPlan.Chunk c : plan.inBatchOrder()) {
            cache.write(c.sequence(), c.position(), c.count());
        }
        scheduler.onDecoded(plan);
        for (StepPlan.Chunk c : plan.chunks()) {
            if (c.logits()) {
                c.request().sampled(sampledToken, System.nanoTime());
            }
        }
    }

    private static List<String> layout(StepPlan plan) {
        List<String> out = new ArrayList<>();
        int row = 0;
        for (StepPlan.Chunk c : plan.inBatchOrder()) {
            assertEquals(row, c.row(), "chunks fill the batch row after row");
            row += c.count();
            out.add(c.sequence() + "@" + c.position() + "+" + c.count() + (c.logits() ? "*" : ""));
        }
        return out;
    }

    private static ActiveRequest requestIn(StepPlan plan, int sequence) {
        return plan.chunks().stream().filter(c -> c.sequence() == sequence).findFirst().orElseThrow().request();
    }

    @Test
    void admitsInArrivalOrderUpToParallelAndFillsFreedSlots() {
        start(EngineOptions.builder().parallel(2).cachedPrefixes(0).prefixCache(false), 32);
        submit(tokens(0, 10), 4);
        submit(tokens(50, 12), 4);
        submit(tokens(100, 5), 4);
        scheduler.admit(() -> true);
        assertEquals(0, scheduler.activeCount(), "a closing engine admits nothing");
        admit();
        assertEquals(2, scheduler.activeCount());
        assertEquals(1, scheduler.waitingCount());

        StepPlan prefill = plan();
        assertEquals(List.of("0@0+10*", "1@0+12*"), layout(prefill));
        assertTrue(prefill.chunks().stream().allMatch(StepPlan.Chunk::prefill));
        decode(prefill);
        StepPlan decoding = plan();
        assertEquals(List.of("0@10+1*", "1@12+1*"), layout(decoding));
        assertFalse(decoding.chunks().stream().anyMatch(StepPlan.Chunk::prefill));
        decode(decoding);

        cache.takeOperations();
        scheduler.retire(requestIn(decoding, 0), true);
        assertEquals(List.of("clear 0"), cache.takeOperations(), "without a prefix cache nothing is kept");
        admit();
        assertEquals(0, scheduler.waitingCount());
        StepPlan mixed = plan();
        // Chosen decodes first, but laid out by sequence id: llama.cpp splits a batch into
        // micro-batches of consecutive ids.
        assertEquals(1, mixed.chunks().getFirst().sequence());
        assertEquals(List.of("0@0+5*", "1@13+1*"), layout(mixed));
    }

    @Test
    void aUnifiedCacheLaysTheBatchOutInTheOrderChosen() {
        start(EngineOptions.builder().unifiedKv(true).parallel(2).cachedPrefixes(0).prefixCache(false), 32);
        submit(tokens(0, 10), 4);
        submit(tokens(50, 12), 4);
        submit(tokens(100, 5), 4);
        admit();
        StepPlan first = plan();
        decode(first);
        scheduler.retire(requestIn(first, 0), true);
        admit();
        assertEquals(List.of("1@12+1*", "0@0+5*"), layout(plan()));
    }

    @Test
    void aLongPromptIsChunkedAndNeverHoldsBackDecodes() {
        start(EngineOptions.builder().parallel(2).cachedPrefixes(0).prefixCache(false), 16);
        submit(tokens(0, 40), 8);
        admit();
        StepPlan p1 = plan();
        assertEquals(List.of("0@0+16"), layout(p1));
        decode(p1);
        StepPlan p2 = plan();
        assertEquals(List.of("0@16+16"), layout(p2));
        decode(p2);
        StepPlan p3 = plan();
        assertEquals(List.of("0@32+8*"), layout(p3));
        decode(p3);

        submit(tokens(100, 40), 8);
        admit();
        StepPlan shared = plan();
        assertEquals(List.of("0@40+1*", "1@0+15"), layout(shared), "the decode's token first, the prompt gets the rest");
    }

    @Test
    void aNewRequestTakesOverTheCachedPromptItShares() {
        start(EngineOptions.builder().parallel(1).cachedPrefixes(1).prefixCache(true), 32);
        int[] prompt = tokens(0, 12);
        submit(prompt, 4);
        admit();
        StepPlan first = plan();
        decode(first);
        scheduler.retire(requestIn(first, 0), true);
        assertEquals(KvSlotManager.SlotState.CACHED, slots.state(0));

        cache.takeOperations();
        submit(prompt, 4);
        admit();
        assertEquals(List.of("truncate 0 11"), cache.takeOperations());
        StepPlan again = plan();
        assertEquals(List.of("0@11+1*"), layout(again), "only the last prompt token is computed again");
        assertEquals(11, again.last().request().lease().reused());
    }

    @Test
    void aRequestAwaitsAPrefixBeingComputedAndForksIt() {
        start(EngineOptions.builder().parallel(2).cachedPrefixes(0).prefixCache(true), 16);
        int[] shared = tokens(0, 20);
        submit(concat(shared, tokens(100, 10)), 4);
        submit(concat(shared, tokens(150, 6)), 4);
        admit();
        StepPlan p1 = plan();
        assertEquals(List.of("0@0+16"), layout(p1), "the follower waits instead of computing the prefix too");
        decode(p1);
        StepPlan p2 = plan();
        assertEquals(List.of("0@16+14*"), layout(p2));
        decode(p2);
        cache.takeOperations();
        StepPlan p3 = plan();
        assertEquals(List.of("fork 0 1 20"), cache.takeOperations());
        assertEquals(List.of("0@30+1*", "1@20+6*"), layout(p3));
        assertEquals(20, requestIn(p3, 1).lease().reused());
    }

    @Test
    void aRequestWhoseAwaitedPrefixIsCancelledComputesItItself() {
        start(EngineOptions.builder().parallel(2).cachedPrefixes(0).prefixCache(true), 16);
        int[] shared = tokens(0, 20);
        PendingRequest holder = submit(concat(shared, tokens(100, 10)), 4);
        submit(concat(shared, tokens(150, 6)), 4);
        admit();
        decode(plan());
        holder.future().cancel(true);
        scheduler.dropCancelled();
        cache.takeOperations();
        StepPlan p = plan();
        assertEquals(List.of(), cache.takeOperations(), "nothing to fork");
        assertEquals(List.of("1@0+16"), layout(p));
        assertEquals(26, p.last().request().input().size(), "its whole prompt is to compute");
    }

    @Test
    void noKvRoomEvictsACachedPromptThenHalvesChunksThenDefersTheYoungestPrefill() {
        start(EngineOptions.builder().parallel(2).cachedPrefixes(1).prefixCache(true), 32);
        submit(tokens(150, 8), 4);
        admit();
        StepPlan cached = plan();
        decode(cached);
        scheduler.retire(requestIn(cached, 0), true);
        assertEquals(KvSlotManager.SlotState.CACHED, slots.state(0));

        submit(tokens(0, 12), 4);
        submit(tokens(50, 40), 4);
        admit();
        StepPlan full = plan();
        assertEquals(List.of("1@0+12*", "2@0+20"), layout(full));

        assertNull(scheduler.onNoKvSlot(full));
        assertEquals(KvSlotManager.SlotState.FREE, slots.state(0), "first the cached prompt goes");
        assertEquals(1, counters.evictions.get());
        assertEquals(List.of("1@0+12*", "2@0+20"), layout(plan()), "the same step again, now with room");

        String[][] halved = {{"1@0+12*", "2@0+16"}, {"1@0+8", "2@0+8"}, {"1@0+4", "2@0+4"}, {"1@0+2", "2@0+2"},
                {"1@0+1", "2@0+1"}};
        StepPlan p = full;
        for (String[] expected : halved) {
            assertNull(scheduler.onNoKvSlot(p));
            p = plan();
            assertEquals(List.of(expected), layout(p));
        }
        assertNull(scheduler.onNoKvSlot(p));
        StepPlan alone = plan();
        assertEquals(List.of("1@0+1"), layout(alone), "the youngest prefill sits one step out");
        decode(alone);
        assertEquals(List.of("1@1+11*", "2@0+21"), layout(plan()), "after a decode that fits, full chunks again");
        assertEquals(0, counters.failed.get(), "backing off fails nobody");
    }

    @Test
    void aRequestWithNoKvRoomEvenAloneIsHandedBackToFail() {
        start(EngineOptions.builder().parallel(1).cachedPrefixes(0).prefixCache(false), 32);
        submit(tokens(0, 40), 4);
        admit();
        StepPlan p = plan();
        ActiveRequest only = p.last().request();
        for (int i = 0; i < 5; i++) { // 32 -> 16 -> 8 -> 4 -> 2 -> 1 token chunks
            assertNull(scheduler.onNoKvSlot(p));
            p = plan();
        }
        assertEquals(List.of("0@0+1"), layout(p));
        assertSame(only, scheduler.onNoKvSlot(p));
    }

    @Test
    void aFailedDecodeIsRolledBackAndItsRequestsRetriedOneAtATime() {
        start(EngineOptions.builder().parallel(3).cachedPrefixes(0).prefixCache(false), 64);
        submit(tokens(0, 10), 4);
        submit(tokens(50, 12), 4);
        submit(tokens(100, 14), 4);
        admit();
        StepPlan failed = plan();
        assertEquals(List.of("0@0+10*", "1@0+12*", "2@0+14*"), layout(failed));
        for (StepPlan.Chunk c : failed.chunks()) {
            cache.write(c.sequence(), c.position(), c.count()); // written, then the decode failed
        }
        assertNull(scheduler.onDecodeFailed(failed), "no one fails for a decode shared with others");
        for (int seq = 0; seq < 3; seq++) {
            assertEquals(0, cache.cells(seq), "sequence " + seq + " cut back to before the decode");
        }

        StepPlan first = plan();
        assertTrue(first.isolating());
        assertEquals(List.of("0@0+10*"), layout(first));
        decode(first);
        StepPlan second = plan();
        assertEquals(List.of("1@0+12*"), layout(second), "a suspect runs alone, even beside a decode");
        ActiveRequest culprit = second.last().request();
        assertSame(culprit, scheduler.onDecodeFailed(second), "failing alone, it is the one to fail");
        scheduler.retire(culprit, false);
        StepPlan third = plan();
        assertEquals(List.of("2@0+14*"), layout(third));
        decode(third);
        StepPlan after = plan();
        assertFalse(after.isolating());
        assertEquals(List.of("0@10+1*", "2@14+1*"), layout(after), "the rest batch together again");
    }

    @Test
    void cancellingFreesTheCellsAndTheSlot() {
        start(EngineOptions.builder().parallel(1).cachedPrefixes(1).prefixCache(true), 32);
        PendingRequest running = submit(tokens(0, 20), 8);
        PendingRequest next = submit(tokens(50, 6), 4);
        PendingRequest dropped = submit(tokens(100, 6), 4);
        admit();
        decode(plan());
        assertEquals(20, cache.cells(0));

        running.future().cancel(true);
        dropped.future().cancel(true);
        cache.takeOperations();
        scheduler.dropCancelled();
        assertEquals(List.of("clear 0"), cache.takeOperations(), "a cancelled request's prompt is not cached");
        assertEquals(0, cache.cells(0));
        assertEquals(KvSlotManager.SlotState.FREE, slots.state(0));
        assertEquals(0, scheduler.activeCount());
        assertEquals(1, scheduler.waitingCount(), "the cancelled waiting request is gone");
        assertEquals(2, counters.cancelled.get());

        admit();
        StepPlan p = plan();
        assertEquals(List.of("0@0+6*"), layout(p), "the next request got the freed slot");
        assertSame(next.request(), p.last().request().request());
        assertEquals(0, scheduler.waitingCount());
    }

    @Test
    void aSpecThatCannotRunFailsAloneAtAdmission() {
        start(EngineOptions.builder().parallel(2).cachedPrefixes(0).prefixCache(false), 32);
        PendingRequest bad = new PendingRequest(new GenerationRequest(tokens(0, 5), new GenerationSpec(1,
                SamplingParams.greedy(), List.of(), new ConstraintSpec.Choice(List.of("Good answer", "abc")))),
                new CompletableFuture<>(), System.nanoTime());
        scheduler.enqueue(bad);
        submit(tokens(50, 5), 4);
        admit();
        assertTrue(bad.future().isCompletedExceptionally(), "one token cannot hold the choice");
        assertEquals(1, counters.failed.get());
        assertEquals(List.of("0@0+5*"), layout(plan()), "the slot went to the next request");
    }
}
