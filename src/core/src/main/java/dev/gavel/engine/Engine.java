package dev.gavel.engine;

import dev.gavel.EngineMetrics;
import dev.gavel.EngineOccupancy;
import dev.gavel.llama.Batch;
import dev.gavel.llama.LlamaContext;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.Vocabulary;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The generation engine: one llama.cpp context with sequence slots, driven by one thread.
 *
 * <p>Three pieces meet in that thread. A scheduler ({@code Scheduler}) admits requests and plans
 * each step as a value (decoding requests first, then prompt chunks in admission order, in at most
 * {@code batchSize} tokens); a slot manager ({@code KvSlotManager}) owns the sequence slots, the
 * cached prompts and prefix reuse, and changes the KV cache only through a small port; the loop
 * ({@code EngineLoop}) builds each planned batch, decodes it and applies the result.
 *
 * <p>Prefix reuse: a new request starts from the longest prompt prefix another slot holds: a
 * finished prompt cached in a spare slot is taken over, an active one is forked (cells shared in a
 * unified KV cache, the stream copied with per-sequence KV: either is far cheaper than computing
 * the prefix again), or awaited while a request admitted just before still computes it. Cached
 * prompts are evicted least-recently-used under KV pressure.
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
    private final LlamaModel model;
    private final Vocabulary vocabulary;
    private final EngineOptions options;
    private final EngineCounters counters = new EngineCounters();
    private final EngineLoop loop;
    private final Thread thread;

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
        this.model = model;
        this.vocabulary = model.vocabulary();
        this.options = options;
        this.loop = new EngineLoop(model, options, decoder, counters);
        this.thread = Thread.ofPlatform().name("gavel-engine").daemon(true).unstarted(loop);
        thread.start();
        loop.awaitStart();
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
        return loop.requestCapacity();
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
        if (loop.isClosing()) {
            throw new EngineClosedException("engine is closed");
        }
        for (int t : request.promptUnsafe()) {
            if (t < 0 || t >= vocabulary.size()) {
                throw new IllegalArgumentException("prompt token " + t + " outside the vocabulary (0.." + (vocabulary.size() - 1) + ")");
            }
        }
        PendingRequest p = new PendingRequest(request, new CompletableFuture<>(), System.nanoTime());
        counters.submitted.incrementAndGet();
        int capacity = loop.requestCapacity();
        int needed = request.promptLength() + request.spec().maxTokens();
        if (needed > capacity) {
            counters.failed.incrementAndGet();
            p.future().completeExceptionally(new RequestTooLargeException(request.promptLength(),
                    request.spec().maxTokens(), capacity));
            return p.future();
        }
        loop.submit(p);
        return p.future();
    }

    public EngineMetrics metrics() {
        return counters.snapshot();
    }

    public boolean isClosed() {
        return loop.isClosing();
    }

    /** What the engine holds now (updated by its loop after every step; still readable after close). */
    public EngineOccupancy occupancy() {
        return loop.occupancy();
    }

    @Override
    public void close() {
        loop.stop();
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
