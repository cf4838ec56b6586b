package dev.gavel.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Decides what the engine does next: admits waiting requests to slots, and plans each step as a
 * {@link StepPlan}. It touches the KV cache only through the {@link KvSlotManager}, and never
 * decodes: the engine's loop executes the plan and reports the outcome back
 * ({@link #onDecoded}, {@link #onNoKvSlot}, {@link #onDecodeFailed}).
 *
 * <p>Each step packs, into at most {@code batchCapacity} tokens, the pending tokens of every
 * decoding request first and then prompt chunks of prefilling requests in admission order, so a
 * long prompt never starves short decodes and every admitted request keeps moving. A request is
 * admitted, in arrival order, as soon as a slot frees and its KV growth fits.
 *
 * <p>Back-off: when llama.cpp finds no KV room for a batch, a cached prompt is evicted; failing
 * that, prompt chunks are halved; failing that, the youngest prefill sits out a step. Isolation:
 * when a decode of several requests fails, they become suspects, planned one per step until each
 * passed or failed alone.
 *
 * <p>Used only by the engine's loop thread.
 */
final class Scheduler {
    private final KvSlotManager kv;
    private final EngineCounters counters;
    private final Function<GenerationSpec, DecodingState> decodingStates;
    private final int parallel;
    private final boolean slotOrderedBatches;
    private final int batchCapacity;
    private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
    /** Admitted requests in admission order. */
    private final List<ActiveRequest> active = new ArrayList<>();
    /** Requests of a failed multi-request decode, planned one per step until each passed or failed alone. */
    private final Set<ActiveRequest> suspects = new LinkedHashSet<>();
    /** Prefilling requests left out of their next step to make KV room. */
    private final Set<ActiveRequest> deferred = new HashSet<>();
    /** Largest prompt chunk per request per step; halved when llama.cpp finds no room for a batch. */
    private int chunkLimit;

    /**
     * @param decodingStates creates a request's decoding policy at admission (may throw for a
     *                       spec that cannot run, which fails that request alone)
     * @param batchCapacity  most tokens one step may decode
     */
    Scheduler(EngineOptions options, KvSlotManager kv, EngineCounters counters,
              Function<GenerationSpec, DecodingState> decodingStates, int batchCapacity) {
        this.kv = kv;
        this.counters = counters;
        this.decodingStates = decodingStates;
        this.parallel = options.parallel();
        // With one KV stream per sequence llama.cpp splits a batch into micro-batches of
        // consecutive sequence ids taken in batch order: ids out of order would cost one
        // micro-batch (one graph run) per sequence. A unified cache has no such split.
        this.slotOrderedBatches = !options.unifiedKv();
        this.batchCapacity = batchCapacity;
        this.chunkLimit = batchCapacity;
    }

    // ---------------------------------------------------------------- queue and admission

    void enqueue(PendingRequest request) {
        waiting.add(request);
    }

    /** Moves every request submitted so far into the waiting queue, in submission order. */
    void enqueueAll(BlockingQueue<PendingRequest> submissions) {
        submissions.drainTo(waiting);
    }

    int waitingCount() {
        return waiting.size();
    }

    int activeCount() {
        return active.size();
    }

    boolean hasActive() {
        return !active.isEmpty();
    }

    /** Fails every waiting request with {@code failure}. */
    void failWaiting(RuntimeException failure) {
        for (PendingRequest p : waiting) {
            if (p.future().completeExceptionally(failure)) {
                counters.failed.incrementAndGet();
            }
        }
        waiting.clear();
    }

    /** Forgets waiting requests their callers cancelled, and frees the slots of cancelled active ones. */
    void dropCancelled() {
        waiting.removeIf(p -> {
            if (p.future().isCancelled()) {
                counters.cancelled.incrementAndGet();
                return true;
            }
            return false;
        });
        for (int i = active.size() - 1; i >= 0; i--) {
            ActiveRequest r = active.get(i);
            if (r.future().isDone()) {
                counters.cancelled.incrementAndGet();
                retire(r, false);
            }
        }
    }

    /**
     * Admits waiting requests in arrival order while fewer than {@code parallel} are active and
     * the next one's KV growth fits; stops at the first that does not (no overtaking), or when
     * {@code stop} says so.
     */
    void admit(BooleanSupplier stop) {
        while (!waiting.isEmpty() && !stop.getAsBoolean()) {
            PendingRequest p = waiting.peek();
            int[] prompt = p.request().promptUnsafe();
            KvSlotManager.Placement placement = active.size() < parallel
                    ? kv.place(prompt, p.request().spec().maxTokens())
                    : null;
            if (placement == null && active.isEmpty() && kv.evictAllCached()) {
                continue; // with the cache emptied the request fits (the engine refuses any that never can)
            }
            if (placement == null) {
                return;
            }
            waiting.poll();
            DecodingState state;
            try {
                state = decodingStates.apply(p.request().spec());
            } catch (RuntimeException e) {
                counters.failed.incrementAndGet();
                p.future().completeExceptionally(e);
                continue;
            }
            ActiveRequest r = new ActiveRequest(p, kv.occupy(placement, prompt), state, System.nanoTime());
            counters.generatedTokens.addAndGet(r.appendForced());
            active.add(r);
        }
    }

    /** Lets requests awaiting another slot's prefix fork it once computed (or compute it, once it is gone). */
    void resolvePrefixWaits() {
        for (ActiveRequest r : active) {
            if (r.phase() == RequestPhase.AWAITING_PREFIX) {
                switch (kv.resolvePrefix(r.lease())) {
                    case WAITING -> {
                    }
                    case FORKED -> r.prefixResolved(true);
                    case HOLDER_GONE -> r.prefixResolved(false);
                }
            }
        }
    }

    /**
     * Removes a request from the schedule and releases its slot, keeping its prompt cached when
     * {@code keepPrompt} (a request that completed normally).
     */
    void retire(ActiveRequest r, boolean keepPrompt) {
        r.markFinished();
        active.remove(r);
        suspects.remove(r);
        deferred.remove(r);
        kv.release(r.lease(), keepPrompt);
    }

    /** The engine loop failed: fails every request without touching the KV cache, which may be unusable. */
    void abandonAll(RuntimeException failure) {
        for (ActiveRequest r : active) {
            r.future().completeExceptionally(failure);
            r.markFinished();
        }
        active.clear();
        suspects.clear();
        deferred.clear();
        failWaiting(failure);
    }

    // ---------------------------------------------------------------- planning

    /**
     * Plans the next step. Empty when no request can feed anything now; an empty plan that is
     * {@linkplain StepPlan#isolating() isolating} means the suspects could not run and isolation
     * was given up, so the next step plans normally.
     */
    StepPlan plan() {
        suspects.retainAll(active);
        boolean isolating = !suspects.isEmpty();
        List<ActiveRequest> picked = new ArrayList<>(active.size());
        int[] counts = new int[active.size()];
        int budget = batchCapacity;
        for (int pass = 0; pass < 2 && budget > 0 && !(isolating && !picked.isEmpty()); pass++) {
            RequestPhase phase = pass == 0 ? RequestPhase.DECODING : RequestPhase.PREFILLING;
            for (ActiveRequest r : active) {
                if (isolating && (!picked.isEmpty() || !suspects.contains(r))) {
                    continue;
                }
                if (r.phase() != phase || r.input().isEmpty()) {
                    continue;
                }
                if (!deferred.isEmpty() && deferred.remove(r)) {
                    continue;
                }
                int n = Math.min(r.input().size(), phase == RequestPhase.DECODING ? budget : Math.min(budget, chunkLimit));
                if (n == 0) {
                    break;
                }
                counts[picked.size()] = n;
                picked.add(r);
                budget -= n;
            }
        }
        if (picked.isEmpty() && isolating) {
            suspects.clear(); // none of them can run now: stop isolating rather than stall
        }
        return new StepPlan(layOut(picked, counts), isolating);
    }

    /** Chunks in selection order, their batch rows assigned by sequence id where that matters. */
    private List<StepPlan.Chunk> layOut(List<ActiveRequest> picked, int[] counts) {
        int m = picked.size();
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            int j = i;
            while (j > 0 && slotOrderedBatches && picked.get(order[j - 1]).lease().sequence() > picked.get(i).lease().sequence()) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        StepPlan.Chunk[] chunks = new StepPlan.Chunk[m];
        int row = 0;
        for (int k : order) {
            ActiveRequest r = picked.get(k);
            int n = counts[k];
            chunks[k] = new StepPlan.Chunk(r, r.lease().sequence(), r.lease().position(), row, n,
                    n == r.input().size(), r.phase() == RequestPhase.PREFILLING);
            row += n;
        }
        return List.of(chunks);
    }

    // ---------------------------------------------------------------- outcomes

    /**
     * The plan was decoded: its tokens are in the cache. Counts the cells, consumes the fed input,
     * and moves requests whose prompt is done to decoding (the loop then samples every chunk with
     * logits).
     */
    void onDecoded(StepPlan plan) {
        chunkLimit = batchCapacity;
        for (StepPlan.Chunk c : plan.chunks()) {
            ActiveRequest r = c.request();
            suspects.remove(r);
            r.input().removeFirst(c.count());
            kv.appended(r.lease(), c.count());
            if (c.logits()) {
                r.startDecoding();
            }
        }
    }

    /**
     * llama.cpp found no KV room for the plan's batch (nothing was computed: the batch is one
     * micro-batch). Frees room or shrinks the next step, in this order: evict a cached prompt;
     * halve the prompt chunks; leave the youngest prefill out of the next step.
     *
     * @return a request that cannot proceed even alone (the caller fails it), or null
     */
    ActiveRequest onNoKvSlot(StepPlan plan) {
        if (kv.evictLeastRecentlyUsed()) {
            return null;
        }
        if (chunkLimit > 1) {
            chunkLimit = Math.max(1, chunkLimit / 2);
            return null;
        }
        ActiveRequest youngest = plan.last().request();
        if (plan.size() > 1 && youngest.phase() == RequestPhase.PREFILLING) {
            deferred.add(youngest);
            return null;
        }
        return youngest;
    }

    /**
     * llama.cpp failed the plan's decode. Whatever cells it wrote are removed (each sequence cut
     * back to what it held before), so every request can be decoded again from where it was.
     * Several requests become suspects, decoded one per step so that only one failing alone fails.
     *
     * @return the plan's only request, which failed alone (the caller fails it), or null
     */
    ActiveRequest onDecodeFailed(StepPlan plan) {
        for (StepPlan.Chunk c : plan.chunks()) {
            kv.rollBack(c.request().lease());
        }
        if (plan.size() > 1) {
            for (StepPlan.Chunk c : plan.chunks()) {
                suspects.add(c.request());
            }
            return null;
        }
        ActiveRequest alone = plan.last().request();
        suspects.remove(alone);
        return alone;
    }
}
