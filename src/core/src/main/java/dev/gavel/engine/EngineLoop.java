package dev.gavel.engine;

import dev.gavel.EngineOccupancy;
import dev.gavel.llama.Batch;
import dev.gavel.llama.GrammarSampler;
import dev.gavel.llama.LlamaContext;
import dev.gavel.llama.LlamaModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The engine's thread: owns the llama.cpp context and executes what the {@link Scheduler} plans.
 * Each step it builds the batch from the plan, decodes it through the {@link Engine.Decoder}, and
 * applies the outcome: samples every chunk that ends with logits, completes finished requests,
 * and hands a full cache or a failed decode back to the scheduler to back off or isolate.
 *
 * <p>Everything but {@link #submit}, {@link #stop} and the volatile reads is confined to the thread
 * that runs {@link #run}.
 */
final class EngineLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** How long an idle loop waits for a submission before it looks at cancellations again. */
    private static final long IDLE_WAIT_MILLIS = 20;

    private final LlamaModel model;
    private final EngineOptions options;
    private final Engine.Decoder decoder;
    private final EngineCounters counters;
    private final TokenVocabulary vocabulary;
    private final MaskCache maskCache;
    private final LinkedBlockingQueue<PendingRequest> submissions = new LinkedBlockingQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile RuntimeException startFailure;
    private volatile boolean closing;
    private volatile int requestCapacity;
    private volatile EngineOccupancy occupancy = new EngineOccupancy(0, 0, 0, 0, 0, 0);
    private final BooleanSupplier admissionStopped = () -> closing;

    // ---- loop-thread state ----
    private LlamaContext context;
    private Batch batch;
    private KvSlotManager slots;
    private Scheduler scheduler;

    EngineLoop(LlamaModel model, EngineOptions options, Engine.Decoder decoder, EngineCounters counters) {
        this.model = model;
        this.options = options;
        this.decoder = decoder;
        this.counters = counters;
        this.vocabulary = new LlamaTokenVocabulary(model.vocabulary());
        this.maskCache = new MaskCache(vocabulary);
    }

    /** Waits until the loop has its context, rethrowing what failed if it could not get one. */
    void awaitStart() {
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

    /** Cells one request may use; set once the loop has started. */
    int requestCapacity() {
        return requestCapacity;
    }

    boolean isClosing() {
        return closing;
    }

    EngineOccupancy occupancy() {
        return occupancy;
    }

    /** Queues a request for the loop; a request that races with {@link #stop} is failed here. */
    void submit(PendingRequest p) {
        submissions.add(p);
        if (closing && submissions.remove(p)) {
            p.future().completeExceptionally(new EngineClosedException("engine is closed"));
        }
    }

    /** Stops admission; the loop finishes admitted requests, fails the rest and frees the context. */
    void stop() {
        closing = true;
    }

    @Override
    public void run() {
        try {
            context = model.newContext(options.toContextOptions());
            batch = context.newBatch(options.effectiveBatchSize());
            slots = new KvSlotManager(new LlamaKvSequences(context), options, counters);
            scheduler = new Scheduler(options, slots, counters, this::newDecodingState, batch.capacity());
            requestCapacity = slots.requestCapacity();
        } catch (RuntimeException e) {
            if (batch != null) {
                batch.close();
            }
            if (context != null) {
                context.close();
            }
            startFailure = e;
            started.countDown();
            return;
        }
        started.countDown();
        try {
            while (true) {
                scheduler.enqueueAll(submissions);
                if (closing) {
                    scheduler.failWaiting(new EngineClosedException("engine closed before the request started"));
                    if (!scheduler.hasActive()) {
                        break;
                    }
                }
                scheduler.dropCancelled();
                scheduler.admit(admissionStopped);
                boolean worked = step();
                publishOccupancy();
                if (!worked) {
                    PendingRequest next = submissions.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        scheduler.enqueue(next);
                    }
                }
            }
        } catch (Throwable t) {
            LOG.error("engine loop failed", t);
            RuntimeException failure = new IllegalStateException("engine loop failed: " + t, t);
            scheduler.enqueueAll(submissions);
            scheduler.abandonAll(failure);
            closing = true;
        } finally {
            scheduler.enqueueAll(submissions);
            scheduler.failWaiting(new EngineClosedException("engine closed before the request started"));
            publishOccupancy();
            batch.close();
            context.close();
        }
    }

    /**
     * Publishes what the slots hold, with the cells as llama.cpp reports them per sequence (its
     * lowest to highest position), so a leak shows as cells that no slot's bookkeeping accounts
     * for. Two native calls per slot: negligible next to a decode.
     */
    private void publishOccupancy() {
        KvSlotManager.Usage usage = slots.usage();
        occupancy = new EngineOccupancy(scheduler.activeCount(), scheduler.waitingCount() + submissions.size(),
                usage.cachedPrompts(), usage.cellsInUse(), usage.cachedCells(), counters.decodeFailures.get());
    }

    private DecodingState newDecodingState(GenerationSpec spec) {
        return new DecodingState(spec, vocabulary, maskCache,
                g -> new GrammarFilter(GrammarSampler.create(model, g.gbnf(), g.root())));
    }

    /** Plans, decodes and applies one step; false when there was nothing to do. */
    private boolean step() {
        if (!scheduler.hasActive()) {
            return false;
        }
        long stepStart = System.nanoTime();
        scheduler.resolvePrefixWaits();
        StepPlan plan = scheduler.plan();
        if (plan.isEmpty()) {
            if (plan.isolating()) {
                return true;
            }
            counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
            return false;
        }
        List<GenerationRequest> requests = fillBatch(plan);
        long t0 = System.nanoTime();
        LlamaContext.DecodeStatus status;
        try {
            status = decoder.decode(context, batch, requests);
        } catch (RuntimeException e) {
            counters.decodeNanos.addAndGet(System.nanoTime() - t0);
            decodeFailed(plan, e);
            counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
            return true;
        }
        counters.decodeNanos.addAndGet(System.nanoTime() - t0);
        if (status == LlamaContext.DecodeStatus.NO_KV_SLOT) {
            ActiveRequest stuck = scheduler.onNoKvSlot(plan);
            if (stuck != null) {
                finish(stuck, new IllegalStateException("the KV cache has no room left for this request ("
                        + slots.usedCells() + " of " + context.contextSize() + " cells in use); raise the context size"));
            }
            counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
            return true;
        }
        counters.decodeCalls.incrementAndGet();
        counters.batchedTokens.addAndGet(batch.size());
        scheduler.onDecoded(plan);
        for (StepPlan.Chunk c : plan.chunks()) {
            if (c.prefill()) {
                counters.promptTokensComputed.addAndGet(c.count());
            }
            if (c.logits()) {
                sample(c.request(), c.logitsRow());
            }
        }
        counters.peakKvCells.accumulateAndGet(slots.usedCells(), Math::max);
        counters.loopNanos.addAndGet(System.nanoTime() - stepStart);
        return true;
    }

    /** Lays the plan's tokens into the batch; returns the requests in batch order, for the decoder. */
    private List<GenerationRequest> fillBatch(StepPlan plan) {
        batch.clear();
        List<StepPlan.Chunk> rows = plan.inBatchOrder();
        List<GenerationRequest> requests = new ArrayList<>(rows.size());
        for (StepPlan.Chunk c : rows) {
            IntQueue input = c.request().input();
            int lastRow = c.logits() ? c.count() - 1 : -1;
            for (int i = 0; i < c.count(); i++) {
                batch.add(input.get(i), c.position() + i, c.sequence(), i == lastRow);
            }
            requests.add(c.request().request());
        }
        return requests;
    }

    private void sample(ActiveRequest r, int logitsRow) {
        if (r.future().isDone()) {
            return; // cancelled during the step: dropped at the next one
        }
        DecodingState state = r.state();
        int token;
        try {
            token = state.next(context.logits(logitsRow));
        } catch (RuntimeException e) {
            finish(r, e);
            return;
        }
        r.sampled(token, System.nanoTime());
        counters.generatedTokens.incrementAndGet();
        if (state.isFinished()) {
            finish(r, null);
            return;
        }
        counters.generatedTokens.addAndGet(r.appendForced());
    }

    private void decodeFailed(StepPlan plan, RuntimeException e) {
        counters.decodeFailures.incrementAndGet();
        ActiveRequest alone = scheduler.onDecodeFailed(plan);
        if (alone == null) {
            LOG.warn("a decode of {} requests failed ({}); decoding them one at a time to find the failing one",
                    plan.size(), e.toString());
            return;
        }
        LOG.warn("a request failed to decode: {}", e.toString());
        finish(alone, new DecodeFailedException("llama.cpp failed to decode this request (" + e.getMessage()
                + "); other requests are not affected", e));
    }

    /** Completes a request (normally when {@code error} is null) and retires it from the schedule. */
    private void finish(ActiveRequest r, Exception error) {
        if (error != null) {
            counters.failed.incrementAndGet();
            r.future().completeExceptionally(error);
        } else {
            Generation g = r.generation(System.nanoTime());
            counters.completed.incrementAndGet();
            counters.promptTokensReused.addAndGet(g.reusedTokens());
            if (g.reusedTokens() > 0) {
                counters.cacheHits.incrementAndGet();
            }
            r.future().complete(g);
        }
        scheduler.retire(r, error == null);
    }
}
