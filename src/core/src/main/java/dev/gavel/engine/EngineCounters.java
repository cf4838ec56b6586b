package dev.gavel.engine;

import dev.gavel.EngineMetrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine's running totals. Written by its loop thread (and by {@link Engine#submit} for
 * requests refused up front), read from any thread through {@link #snapshot()}.
 */
final class EngineCounters {
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
