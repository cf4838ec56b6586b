package dev.gavel.engine;

import dev.gavel.EngineMetrics;
import dev.gavel.EngineOccupancy;
import dev.gavel.llama.LlamaModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several engines on one model, side by side: each has its own context, decode thread and prefix
 * cache, and its share of the compute threads and sequences. A request goes to the engine with
 * the fewest requests in flight (the lowest-numbered on a tie).
 *
 * <p>Why: on a CPU, ggml's threads meet at a barrier after every operation, and a step of two
 * sequences costs as much as two steps of one (docs/performance.md); two engines of one thread on
 * two cores finished judge-sized work 1.05-1.24x sooner than one engine of two threads. The price:
 * prompts that share a prefix share its cells only within one engine, and each request waits for
 * its own engine's steps. One engine (the default) is exactly {@link Engine}.
 */
public final class EnginePool implements AutoCloseable {
    private final List<Engine> engines;
    private final AtomicInteger[] inFlight;

    /**
     * @param options  the settings of the whole pool: its threads and sequences are shared out
     *                 ({@link #shareOf})
     * @param engines  how many engines, at least 1 and at most {@code options.threads()}
     */
    public EnginePool(LlamaModel model, EngineOptions options, int engines) {
        if (engines < 1 || engines > options.threads()) {
            throw new IllegalArgumentException("engines must be in 1.." + options.threads()
                    + " (one thread each at least), was " + engines);
        }
        List<Engine> opened = new ArrayList<>(engines);
        try {
            for (int i = 0; i < engines; i++) {
                opened.add(new Engine(model, shareOf(options, engines, i)));
            }
        } catch (RuntimeException | Error e) {
            opened.forEach(Engine::close);
            throw e;
        }
        this.engines = List.copyOf(opened);
        this.inFlight = new AtomicInteger[engines];
        for (int i = 0; i < engines; i++) {
            inFlight[i] = new AtomicInteger();
        }
    }

    /**
     * Engine {@code index}'s settings out of {@code engines}: the threads and sequences divided as
     * evenly as they go (the first engines take the remainder), everything else as given.
     */
    public static EngineOptions shareOf(EngineOptions options, int engines, int index) {
        int threads = options.threads() / engines + (index < options.threads() % engines ? 1 : 0);
        int parallel = Math.max(1, options.parallel() / engines + (index < options.parallel() % engines ? 1 : 0));
        return new EngineOptions(options.contextSize(), options.batchSize(), parallel, options.cachedPrefixes(),
                options.prefixCache(), threads, options.flashAttention(), options.kvType(), options.unifiedKv());
    }

    public int size() {
        return engines.size();
    }

    /** The engines, in order (tests look at which one took what). */
    List<Engine> engines() {
        return engines;
    }

    /** KV cells one request may use (the same in every engine). */
    public int contextSize() {
        return engines.getFirst().contextSize();
    }

    /**
     * Queues a request on the least busy engine; the future is that engine's (cancelling it frees
     * the request's slot there). Failures as for {@link Engine#submit}.
     */
    public CompletableFuture<Generation> submit(GenerationRequest request) {
        int best = 0;
        for (int i = 1; i < inFlight.length; i++) {
            if (inFlight[i].get() < inFlight[best].get()) {
                best = i;
            }
        }
        AtomicInteger count = inFlight[best];
        count.incrementAndGet();
        CompletableFuture<Generation> f;
        try {
            f = engines.get(best).submit(request);
        } catch (RuntimeException e) {
            count.decrementAndGet();
            throw e;
        }
        f.whenComplete((g, e) -> count.decrementAndGet());
        return f;
    }

    /** The engines' counters added up (peak KV cells: the sum of each engine's peak). */
    public EngineMetrics metrics() {
        return engines.stream().map(Engine::metrics).reduce(EngineMetrics::plus).orElseThrow();
    }

    /** What the engines hold now, added up. */
    public EngineOccupancy occupancy() {
        return engines.stream().map(Engine::occupancy).reduce(EngineOccupancy::plus).orElseThrow();
    }

    public boolean isClosed() {
        return engines.getFirst().isClosed();
    }

    /** Closes every engine (each lets its admitted requests finish). Idempotent. */
    @Override
    public void close() {
        for (Engine e : engines) {
            e.close();
        }
    }
}
