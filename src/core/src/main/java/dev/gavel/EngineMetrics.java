package dev.gavel;

/**
 * A snapshot of an engine's counters since it started.
 *
 * @param submitted              requests submitted
 * @param completed              requests completed normally
 * @param failed                 requests failed (too large, engine error)
 * @param cancelled              requests cancelled by their callers
 * @param promptTokensComputed   prompt tokens run through the model
 * @param promptTokensReused     prompt tokens served from the prefix cache
 * @param cacheHits              requests that reused at least one cached token
 * @param generatedTokens        tokens sampled or forced after prompts
 * @param decodeCalls            llama_decode calls
 * @param batchedTokens          tokens over all decode calls
 * @param evictions              cached prefixes evicted under KV pressure
 * @param peakKvCells            most KV cells in use at once
 * @param decodeNanos            time spent inside llama_decode
 * @param loopNanos              time the loop spent on steps (decode plus Java-side work)
 */
public record EngineMetrics(long submitted, long completed, long failed, long cancelled,
                            long promptTokensComputed, long promptTokensReused, long cacheHits,
                            long generatedTokens, long decodeCalls, long batchedTokens, long evictions,
                            long peakKvCells, long decodeNanos, long loopNanos) {

    /** These counters and {@code other}'s added up: two engines' as one (peak KV cells: the sum of the peaks). */
    public EngineMetrics plus(EngineMetrics other) {
        return new EngineMetrics(submitted + other.submitted, completed + other.completed, failed + other.failed,
                cancelled + other.cancelled, promptTokensComputed + other.promptTokensComputed,
                promptTokensReused + other.promptTokensReused, cacheHits + other.cacheHits,
                generatedTokens + other.generatedTokens, decodeCalls + other.decodeCalls,
                batchedTokens + other.batchedTokens, evictions + other.evictions, peakKvCells + other.peakKvCells,
                decodeNanos + other.decodeNanos, loopNanos + other.loopNanos);
    }

    /** Share of loop time spent outside llama_decode (batch assembly, masking, sampling, bookkeeping). */
    public double javaShare() {
        return loopNanos == 0 ? 0 : 1.0 - (double) decodeNanos / loopNanos;
    }
}
