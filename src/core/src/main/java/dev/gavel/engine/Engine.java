package dev.gavel.engine;

import dev.gavel.llama.Batch;
import dev.gavel.llama.GrammarSampler;
import dev.gavel.llama.LlamaContext;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generation loop: one llama.cpp context with sequence slots, driven by one thread.
 *
 * <p>Each step packs, into a single decode call of at most {@code batchSize} tokens, the pending
 * token(s) of every decoding sequence first and then prompt chunks of prefilling sequences in
 * admission order, so a long prompt never starves short decodes and every admitted request keeps
 * moving. A request is admitted as soon as a slot frees and its worst-case KV growth fits.
 *
 * <p>Prefix reuse: every slot's prompt is recorded in a {@link PrefixTree}. A new request starts
 * from the longest prefix another slot holds: a finished prompt cached in a spare slot is taken
 * over (its cells past the shared prefix dropped), an active one is forked (cells shared in a
 * unified KV cache, the stream copied with per-sequence KV: either is far cheaper than computing
 * the prefix again); when that prefix is still being
 * computed by a request admitted just before, the newcomer waits for it instead of computing it
 * again. Cached prompts are evicted least-recently-used under KV pressure.
 *
 * <p>Decode failures: when llama.cpp fails a decode (an error, not a full cache), the cells that
 * decode may have written are removed and its requests are decoded again one at a time; the one
 * that fails alone fails with {@link DecodeFailedException}, the others go on as if nothing had
 * happened, and so does every request that was not in that batch.
 *
 * <p>Thread-safety: {@link #submit} may be called from any thread. {@link #close} stops admission,
 * fails requests that have not started, lets admitted ones finish, then frees the context.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final LlamaModel model;
    private final Vocabulary vocabulary;
    private final EngineOptions options;
    private final MaskCache maskCache;
    private final LinkedBlockingQueue<Pending> submissions = new LinkedBlockingQueue<>();
    private final Thread loop;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile RuntimeException startFailure;
    private volatile boolean closing;
    private final Counters counters = new Counters();
    private final Decoder decoder;
    private volatile EngineOccupancy occupancy = new EngineOccupancy(0, 0, 0, 0, 0, 0);

    // ---- loop-thread state ----
    private LlamaContext context;
    private Batch batch;
    private Slot[] slots;
    private final PrefixTree tree = new PrefixTree();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final List<Active> active = new ArrayList<>();
    private long clock;
    /** Largest prompt chunk per sequence per step; halved when llama.cpp finds no contiguous cells. */
    private int chunkLimit;
    /** Cells one request may use: its stream (per-sequence KV) or the whole cache (unified). */
    private volatile int capacity;
    /** Requests of a failed multi-request decode, decoded one per step until each passed or failed alone. */
    private final java.util.Set<Active> suspects = new java.util.LinkedHashSet<>();

    /**
     * Runs one decode. The engine's only seam: tests stand in for llama.cpp failing a decode
     * (a compute or device error) without a native library that fails on demand.
     */
    @FunctionalInterface
    interface Decoder {
        /**
         * @param requests the requests with tokens in the batch, in batch order
         * @throws RuntimeException when the decode failed
         */
        LlamaContext.DecodeStatus decode(LlamaContext context, Batch batch, List<GenerationRequest> requests);
    }

    /** Opens an engine on a loaded model; the model must outlive the engine. */
    public Engine(LlamaModel model, EngineOptions options) {
        this(model, options, (context, batch, requests) -> context.decode(batch));
    }

    /** An engine whose decodes go through {@code decoder} (tests). */
    Engine(LlamaModel model, EngineOptions options, Decoder decoder) {
        this.decoder = decoder;
        this.model = model;
        this.vocabulary = model.vocabulary();
        this.options = options;
        this.maskCache = new MaskCache(vocabulary);
        this.loop = Thread.ofPlatform().name("gavel-engine").daemon(true).unstarted(this::run);
        loop.start();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the engine", e);
        }
        if (startFailure != null) {
            throw startFailure;
        }
    }

    public EngineOptions options() {
        return options;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LlamaModel model() {
        return model;
    }

    /** KV cells one request may use (prompt plus generated tokens). */
    public int contextSize() {
        return capacity;
    }

    /**
     * Queues a request. The future completes with the generation, or exceptionally with
     * {@link RequestTooLargeException} when it can never fit, {@link DecodeFailedException} when
     * llama.cpp fails to decode it, or {@link EngineClosedException} when the engine closes before
     * it starts. Cancelling the future frees its slot at the next step.
     *
     * @throws EngineClosedException when the engine is closed
     */
    public CompletableFuture<Generation> submit(GenerationRequest request) {
        if (closing) {
            throw new EngineClosedException("engine is closed");
        }
        for (int t : request.promptUnsafe()) {
            if (t < 0 || t >= vocabulary.size()) {
                throw new IllegalArgumentException("prompt token " + t + " outside the vocabulary (0.." + (vocabulary.size() - 1) + ")");
            }
        }
        Pending p = new Pending(request, new CompletableFuture<>(), System.nanoTime());
        counters.submitted.incrementAndGet();
        int needed = request.promptLength() + request.spec().maxTokens();
        if (needed > capacity) {
            counters.failed.incrementAndGet();
            p.future.completeExceptionally(new RequestTooLargeException(request.promptLength(),
                    request.spec().maxTokens(), capacity));
            return p.future;
        }
        submissions.add(p);
        if (closing && submissions.remove(p)) {
            p.future.completeExceptionally(new EngineClosedException("engine is closed"));
        }
        return p.future;
    }

    public EngineMetrics metrics() {
        return counters.snapshot();
    }

    public boolean isClosed() {
        return closing;
    }

    /** What the engine holds now (updated by its loop after every step; still readable after close). */
    public EngineOccupancy occupancy() {
        return occupancy;
    }

    @Override
    public void close() {
        closing = true;
        if (Thread.currentThread() != loop) {
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ loop

    private void run() {
        try {
            context = model.newContext(options.toContextOptions());
            batch = context.newBatch(options.effectiveBatchSize());
            chunkLimit = batch.capacity();
            capacity = Math.min(options.contextSize(), context.sequenceCapacity());
            slots = new Slot[options.sequenceSlots()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new Slot(i);
            }
        } catch (RuntimeException e) {
            startFailure = e;
            started.countDown();
            return;
        }
        started.countDown();
        try {
            while (true) {
                submissions.drainTo(waiting);
                if (closing) {
                    failWaiting(new EngineClosedException("engine closed before the request started"));
                    if (active.isEmpty()) {
                        break;
                    }
                }
                dropCancelled();
                admit();
                boolean worked = step();
                updateOccupancy();
                if (!worked) {
                    Pending next = submissions.poll(20, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        waiting.add(next);
                    }
                }
            }
        } catch (Throwable t) {
            LOG.error("engine loop failed", t);
            RuntimeException failure = new IllegalStateException("engine loop failed: " + t, t);
            for (Active a : active) {
                a.pending.future.completeExceptionally(failure);
                a.state.close();
            }
            active.clear();
            submissions.drainTo(waiting);
            failWaiting(failure);
            closing = true;
        } finally {
            submissions.drainTo(waiting);
            failWaiting(new EngineClosedException("engine closed before the request started"));
            updateOccupancy();
            batch.close();
            context.close();
        }
    }

    /**
     * Publishes what the slots hold, with the cells as llama.cpp reports them per sequence (its
     * lowest to highest position), so a leak shows as cells that no slot's bookkeeping accounts
     * for. Two calls per slot: negligible next to a decode.
     */
    private void updateOccupancy() {
        int cached = 0;
        int cachedCells = 0;
        int inUse = 0;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED) {
                cached++;
                cachedCells += s.kvLength;
            }
            int max = context.kvMaxPosition(s.id);
            if (max >= 0) {
                inUse += max - context.kvMinPosition(s.id) + 1;
            }
        }
        occupancy = new EngineOccupancy(active.size(), waiting.size() + submissions.size(), cached, inUse,
                cachedCells, counters.decodeFailures.get());
    }

    private void failWaiting(RuntimeException e) {
        for (Pending p : waiting) {
            if (p.future.completeExceptionally(e)) {
                counters.failed.incrementAndGet();
            }
        }
        waiting.clear();
    }

    private void dropCancelled() {
        waiting.removeIf(p -> {
            if (p.future.isCancelled()) {
                counters.cancelled.incrementAndGet();
                return true;
            }
            return false;
        });
        for (int i = active.size() - 1; i >= 0; i--) {
            Active a = active.get(i);
            if (a.pending.future.isDone()) {
                counters.cancelled.incrementAndGet();
                active.remove(i);
                release(a, false);
            }
        }
    }

    /** Admits waiting requests in arrival order while a slot is free and their KV growth fits. */
    private void admit() {
        while (!waiting.isEmpty() && !closing) {
            Pending p = waiting.peek();
            int[] prompt = p.request.promptUnsafe();
            PrefixTree.Match match = options.prefixCache()
                    ? tree.longestPrefix(prompt, seq -> slots[seq].kvLength)
                    : PrefixTree.Match.NONE;
            // At least one prompt token must be decoded here to get logits for the first sample.
            int reuse = Math.min(match.length(), prompt.length - 1);
            Slot holder = reuse > 0 ? slots[match.holder()] : null;
            int growth = prompt.length - reuse + p.request.spec().maxTokens();
            Slot target = pickSlot(holder, reuse, growth);
            if (target == null && active.isEmpty() && evictAllCached()) {
                continue; // retry: with the cache emptied the request fits (submit checked it can)
            }
            if (target == null) {
                return;
            }
            waiting.poll();
            Active a;
            try {
                a = new Active(p, target, newState(p.request.spec()), prompt.length, growth);
            } catch (RuntimeException e) {
                counters.failed.incrementAndGet();
                p.future.completeExceptionally(e);
                continue;
            }
            a.admittedAt = System.nanoTime();
            if (holder == target) {
                // Taking over the cached slot that holds the prefix: keep its first `reuse` cells.
                context.kvRemove(target.id, reuse, -1);
                target.kvLength = reuse;
                target.epoch++;
                a.reused = reuse;
            } else {
                if (target.state != SlotState.FREE || target.kvLength > 0) {
                    clearSlot(target);
                }
                if (holder != null) {
                    a.waitFor = holder;
                    a.waitLength = reuse;
                    a.waitEpoch = holder.epoch;
                    tryFork(a);
                }
            }
            target.state = SlotState.ACTIVE;
            target.owner = a;
            tree.insert(target.id, prompt);
            a.input.addAll(prompt, target.kvLength + (a.waitFor != null ? a.waitLength : 0), prompt.length);
            appendForced(a);
            active.add(a);
        }
    }

    /**
     * A slot for a request whose KV may grow by {@code growth} cells, evicting cached prefixes
     * (least recently used first, the one holding this request's prefix last) for room; null when
     * the request must wait for running requests to finish.
     */
    private Slot pickSlot(Slot holder, int reuse, int growth) {
        if (active.size() >= options.parallel()) {
            return null;
        }
        while (true) {
            // A cached prompt holding the prefix is taken over rather than copied: keeping its
            // tail too would make every later token attend over cells nobody needs.
            Slot target = holder != null && holder.state == SlotState.CACHED && !isAwaited(holder) ? holder : null;
            if (target == null) {
                target = freeSlot();
            }
            if (target == null) {
                target = lruCached(holder);
            }
            if (target == null) {
                return null;
            }
            if (!options.unifiedKv()) {
                return target; // its own stream: submit already checked the request fits one
            }
            int free = options.contextSize() - usedCells() - outstandingGrowth()
                    + (target == holder ? target.kvLength - reuse : 0);
            if (free >= growth) {
                return target;
            }
            Slot victim = lruCached(holder);
            if (victim == null) {
                return null;
            }
            evict(victim);
        }
    }

    /**
     * Cells held by all slots. In a unified cache a forked prefix is counted once per holder,
     * so this over-counts shared cells: admission errs on the side of waiting.
     */
    private int usedCells() {
        int sum = 0;
        for (Slot s : slots) {
            sum += s.kvLength;
        }
        return sum;
    }

    private int outstandingGrowth() {
        int sum = 0;
        for (Active a : active) {
            sum += Math.max(0, a.growthBudget - a.grown);
        }
        return sum;
    }

    private Slot freeSlot() {
        for (Slot s : slots) {
            if (s.state == SlotState.FREE) {
                return s;
            }
        }
        return null;
    }

    private Slot lruCached(Slot except) {
        Slot best = null;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED && s != except && !isAwaited(s) && (best == null || s.lastUsed < best.lastUsed)) {
                best = s;
            }
        }
        return best;
    }

    private boolean isAwaited(Slot s) {
        for (Active a : active) {
            if (a.waitFor == s) {
                return true;
            }
        }
        return false;
    }

    private void evict(Slot s) {
        clearSlot(s);
        s.state = SlotState.FREE;
        counters.evictions.incrementAndGet();
    }

    private boolean evictAllCached() {
        boolean any = false;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED) {
                evict(s);
                any = true;
            }
        }
        return any;
    }

    /** Drops a slot's KV cells; the epoch tells requests waiting on its prefix that it is gone. */
    private void clearSlot(Slot s) {
        context.kvRemove(s.id, -1, -1);
        tree.remove(s.id);
        s.kvLength = 0;
        s.epoch++;
    }

    /** Shares the awaited prefix once its holder has computed it; falls back to computing it. */
    private void tryFork(Active a) {
        Slot h = a.waitFor;
        boolean holderGone = h.epoch != a.waitEpoch || h.state == SlotState.FREE;
        if (holderGone) {
            a.input.prepend(a.pending.request.promptUnsafe(), 0, a.waitLength);
            a.waitFor = null;
            return;
        }
        if (h.kvLength >= a.waitLength) {
            context.kvFork(h.id, a.slot.id, a.waitLength);
            a.slot.kvLength = a.waitLength;
            a.reused = a.waitLength;
            h.lastUsed = ++clock;
            a.waitFor = null;
        }
    }

    private DecodingState newState(GenerationSpec spec) {
        return new DecodingState(spec, vocabulary, maskCache,
                g -> new GrammarFilter(GrammarSampler.create(model, g.gbnf(), g.root())));
    }

    /** One decode step; false when there was nothing to do. */
    private boolean step() {
        if (active.isEmpty()) {
            return false;
        }
        long stepStart = System.nanoTime();
        for (Active a : active) {
            if (a.waitFor != null) {
                tryFork(a);
            }
        }
        batch.clear();
        List<Chunk> chunks = new ArrayList<>(active.size());
        int budget = batch.capacity();
        suspects.retainAll(active);
        boolean isolating = !suspects.isEmpty();
        // Decoding sequences first (one or a few tokens each), then prompt chunks in admission order.
        int picked = 0;
        for (int pass = 0; pass < 2 && budget > 0 && !(isolating && !chunks.isEmpty()); pass++) {
            for (Active a : active) {
                if (isolating && (!chunks.isEmpty() || !suspects.contains(a))) {
                    continue;
                }
                if (a.waitFor != null || a.input.isEmpty() || (pass == 0) != a.promptDone) {
                    continue;
                }
                if (a.deferred) {
                    a.deferred = false;
                    continue;
                }
                int n = Math.min(a.input.size(), pass == 0 ? budget : Math.min(budget, chunkLimit));
                if (n == 0) {
                    break;
                }
                chunks.add(new Chunk(a, n, -1));
                picked++;
                budget -= n;
            }
        }
        // With one KV stream per sequence llama.cpp splits a batch into micro-batches of
        // consecutive sequence ids taken in batch order: ids out of order would cost one
        // micro-batch (one graph run) per sequence. So the batch lists sequences by slot id;
        // the chunks keep their selection order (the youngest prefill last).
        int[] order = new int[picked];
        for (int i = 0; i < picked; i++) {
            int j = i;
            while (j > 0 && !options.unifiedKv() && chunks.get(order[j - 1]).active().slot.id > chunks.get(i).active().slot.id) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        for (int k : order) {
            Chunk c = chunks.get(k);
            Active a = c.active();
            boolean last = c.count() == a.input.size();
            int pos = a.slot.kvLength;
            int logitIndex = -1;
            for (int i = 0; i < c.count(); i++) {
                int idx = batch.add(a.input.get(i), pos + i, a.slot.id, last && i == c.count() - 1);
                if (last && i == c.count() - 1) {
                    logitIndex = idx;
                }
            }
            if (logitIndex >= 0) {
                chunks.set(k, new Chunk(a, c.count(), logitIndex));
            }
        }
        List<GenerationRequest> batchRequests = new ArrayList<>(picked);
        for (int k : order) {
            batchRequests.add(chunks.get(k).active().pending.request);
        }
        if (chunks.isEmpty() && isolating) {
            suspects.clear(); // none of them can run now: stop isolating rather than stall
            return true;
        }
        if (chunks.isEmpty()) {
            counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
            return false;
        }
        long t0 = System.nanoTime();
        LlamaContext.DecodeStatus status;
        try {
            status = decoder.decode(context, batch, batchRequests);
        } catch (RuntimeException e) {
            counters.decodeNanos.addAndGet(System.nanoTime() - t0);
            handleDecodeFailure(chunks, e);
            counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
            return true;
        }
        counters.decodeNanos.addAndGet(System.nanoTime() - t0);
        if (status == LlamaContext.DecodeStatus.NO_KV_SLOT) {
            handleNoKvSlot(chunks);
            counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
            return true;
        }
        counters.decodeCalls.incrementAndGet();
        counters.batchedTokens.addAndGet(batch.size());
        chunkLimit = batch.capacity();
        for (Chunk c : chunks) {
            Active a = c.active;
            suspects.remove(a);
            a.input.removeFirst(c.count);
            a.slot.kvLength += c.count;
            a.grown += c.count;
            if (!a.promptDone) {
                counters.promptTokensComputed.addAndGet(c.count);
            }
            if (c.logitIndex >= 0) {
                a.promptDone = true;
                sample(a, c.logitIndex);
            }
        }
        counters.peakKvCells.accumulateAndGet(usedCells(), Math::max);
        active.removeIf(a -> a.finished);
        counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
        return true;
    }

    private void sample(Active a, int logitIndex) {
        if (a.pending.future.isDone()) {
            return;
        }
        DecodingState state = a.state;
        int token;
        try {
            token = state.next(context.logits(logitIndex));
        } catch (RuntimeException e) {
            finish(a, e);
            return;
        }
        if (a.firstTokenAt == 0) {
            a.firstTokenAt = System.nanoTime();
        }
        a.generated.add(token);
        counters.generatedTokens.incrementAndGet();
        if (state.isFinished()) {
            finish(a, null);
            return;
        }
        a.input.add(token);
        appendForced(a);
    }

    /** Queues tokens the decoding state imposes without sampling (a marker), as generated output. */
    private void appendForced(Active a) {
        int[] forced = a.state.takeForcedTokens();
        if (forced.length > 0) {
            a.input.addAll(forced, 0, forced.length);
            for (int f : forced) {
                a.generated.add(f);
            }
            counters.generatedTokens.addAndGet(forced.length);
        }
    }

    private void finish(Active a, Exception error) {
        a.finished = true;
        long now = System.nanoTime();
        if (error != null) {
            counters.failed.incrementAndGet();
            a.pending.future.completeExceptionally(error);
        } else {
            DecodingState s = a.state;
            Generation g = new Generation(a.generated.toArray(), s.text(), s.finishReason(), s.choices(),
                    a.promptLength, a.reused,
                    Duration.ofNanos(a.admittedAt - a.pending.submittedAt),
                    Duration.ofNanos((a.firstTokenAt == 0 ? now : a.firstTokenAt) - a.pending.submittedAt),
                    Duration.ofNanos(now - a.pending.submittedAt));
            counters.completed.incrementAndGet();
            counters.promptTokensReused.addAndGet(a.reused);
            if (a.reused > 0) {
                counters.cacheHits.incrementAndGet();
            }
            a.pending.future.complete(g);
        }
        release(a, error == null);
    }

    /** Frees an active request's slot, keeping its prompt cached when the prefix cache is on. */
    private void release(Active a, boolean keepPrompt) {
        a.state.close();
        Slot s = a.slot;
        s.owner = null;
        s.lastUsed = ++clock;
        boolean cacheable = keepPrompt && options.prefixCache() && options.cachedPrefixes() > 0
                && s.kvLength >= a.promptLength;
        if (cacheable) {
            context.kvRemove(s.id, a.promptLength, -1);
            s.kvLength = a.promptLength;
            s.state = SlotState.CACHED;
            trimCache();
        } else {
            clearSlot(s);
            s.state = SlotState.FREE;
        }
    }

    /** Keeps at most {@code cachedPrefixes} cached slots so active requests always find a slot. */
    private void trimCache() {
        int cached = 0;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED) {
                cached++;
            }
        }
        while (cached > options.cachedPrefixes()) {
            Slot victim = lruCached(null);
            if (victim == null) {
                return;
            }
            evict(victim);
            cached--;
        }
    }

    /**
     * llama.cpp failed the decode. Whatever cells it wrote for the batch are removed (each
     * sequence is cut back to what it held before), so a request can be decoded again from where
     * it was. A lone request fails; several become suspects, decoded one per step, so that only
     * the one that fails alone fails.
     */
    private void handleDecodeFailure(List<Chunk> chunks, RuntimeException e) {
        counters.decodeFailures.incrementAndGet();
        for (Chunk c : chunks) {
            context.kvRemove(c.active.slot.id, c.active.slot.kvLength, -1);
        }
        if (chunks.size() > 1) {
            LOG.warn("a decode of {} requests failed ({}); decoding them one at a time to find the failing one",
                    chunks.size(), e.toString());
            chunks.forEach(c -> suspects.add(c.active));
            return;
        }
        Active a = chunks.getFirst().active;
        suspects.remove(a);
        LOG.warn("a request failed to decode: {}", e.toString());
        finish(a, new DecodeFailedException("llama.cpp failed to decode this request (" + e.getMessage()
                + "); other requests are not affected", e));
        active.remove(a);
    }

    /**
     * llama.cpp found no KV room for the batch (nothing was computed: the batch is one
     * micro-batch). In order: free a cached prefix; halve the prompt chunks; leave the youngest
     * prefill out of the step. A request that still cannot proceed alone fails with a clear error.
     */
    private void handleNoKvSlot(List<Chunk> chunks) {
        Slot victim = lruCached(null);
        if (victim != null) {
            evict(victim);
            return;
        }
        if (chunkLimit > 1) {
            chunkLimit = Math.max(1, chunkLimit / 2);
            return;
        }
        Active youngest = chunks.getLast().active;
        if (chunks.size() > 1 && !youngest.promptDone) {
            youngest.deferred = true;
            return;
        }
        finish(youngest, new IllegalStateException("the KV cache has no room left for this request ("
                + usedCells() + " of " + context.contextSize() + " cells in use); raise the context size"));
        active.remove(youngest);
    }

    // ------------------------------------------------------------------ state types

    private enum SlotState { FREE, ACTIVE, CACHED }

    private static final class Slot {
        final int id;
        SlotState state = SlotState.FREE;
        Active owner;
        int kvLength;
        long lastUsed;
        /** Bumped whenever the slot's cells are dropped or cut, so waiters can tell. */
        long epoch;

        Slot(int id) {
            this.id = id;
        }
    }

    private record Pending(GenerationRequest request, CompletableFuture<Generation> future, long submittedAt) {
    }

    private record Chunk(Active active, int count, int logitIndex) {
    }

    private static final class Active {
        final Pending pending;
        final Slot slot;
        final DecodingState state;
        final int promptLength;
        final int growthBudget;
        final IntQueue input = new IntQueue();
        final IntQueue generated = new IntQueue();
        int grown;
        int reused;
        boolean promptDone;
        boolean finished;
        boolean deferred;
        Slot waitFor;
        long waitEpoch;
        int waitLength;
        long admittedAt;
        long firstTokenAt;

        Active(Pending pending, Slot slot, DecodingState state, int promptLength, int growthBudget) {
            this.pending = pending;
            this.slot = slot;
            this.state = state;
            this.promptLength = promptLength;
            this.growthBudget = growthBudget;
        }
    }

    /** A growable int FIFO without boxing. */
    static final class IntQueue {
        private int[] data = new int[16];
        private int head;
        private int tail;

        int size() {
            return tail - head;
        }

        boolean isEmpty() {
            return head == tail;
        }

        int get(int i) {
            return data[head + i];
        }

        void add(int v) {
            ensure(1);
            data[tail++] = v;
        }

        void addAll(int[] src, int from, int to) {
            int n = Math.max(0, to - from);
            ensure(n);
            System.arraycopy(src, from, data, tail, n);
            tail += n;
        }

        void prepend(int[] src, int from, int to) {
            int n = Math.max(0, to - from);
            int[] merged = new int[Math.max(16, size() + n + 16)];
            System.arraycopy(src, from, merged, 0, n);
            System.arraycopy(data, head, merged, n, size());
            tail = size() + n;
            head = 0;
            data = merged;
        }

        void removeFirst(int n) {
            head += n;
            if (head == tail) {
                head = 0;
                tail = 0;
            }
        }

        int[] toArray() {
            return Arrays.copyOfRange(data, head, tail);
        }

        private void ensure(int n) {
            if (tail + n <= data.length) {
                return;
            }
            int size = size();
            int[] grown = new int[Math.max(data.length * 2, size + n + 16)];
            System.arraycopy(data, head, grown, 0, size);
            data = grown;
            head = 0;
            tail = size;
        }
    }

    private static final class Counters {
        final AtomicLong submitted = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();
        final AtomicLong promptTokensComputed = new AtomicLong();
        final AtomicLong promptTokensReused = new AtomicLong();
        final AtomicLong cacheHits = new AtomicLong();
        final AtomicLong generatedTokens = new AtomicLong();
        final AtomicLong decodeCalls = new AtomicLong();
        final AtomicLong batchedTokens = new AtomicLong();
        final AtomicLong evictions = new AtomicLong();
        final AtomicLong peakKvCells = new AtomicLong();
        final AtomicLong decodeNanos = new AtomicLong();
        final AtomicLong loopNanos = new AtomicLong();
        final AtomicLong decodeFailures = new AtomicLong();

        EngineMetrics snapshot() {
            return new EngineMetrics(submitted.get(), completed.get(), failed.get(), cancelled.get(),
                    promptTokensComputed.get(), promptTokensReused.get(), cacheHits.get(), generatedTokens.get(),
                    decodeCalls.get(), batchedTokens.get(), evictions.get(), peakKvCells.get(),
                    decodeNanos.get(), loopNanos.get());
        }
    }
}
