package dev.gavel.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * What one contender measured, reported by its child JVM as one JSON line. Times exclude model
 * loading and context creation: the clock starts at the first submission.
 *
 * @param label                  report name
 * @param kind                   contender kind id
 * @param setup                  human-readable setup (slots, flash attention, ...)
 * @param mode                   mode id
 * @param judgments              judgments completed
 * @param generations            generations run (k per judgment in samples mode)
 * @param wallSeconds            first submission to last completion
 * @param promptTokens           prompt tokens of all generations as submitted
 * @param promptTokensComputed   prompt tokens the contender computed (after prefix reuse), -1 if unknown
 * @param generatedTokens        tokens generated (Gavel: free text, marker and score; jllama: n_predict)
 * @param timeToFirstScoreSeconds first submission to the first finished judgment
 * @param kvBytesPeak            most KV bytes in use at once, -1 if unknown
 * @param kvBytesAllocated       KV bytes the context allocated
 * @param peakRssBytes           the child's peak resident memory (VmHWM)
 * @param javaShare              Gavel: share of loop time outside llama_decode; null otherwise
 * @param extra                  other measurements (reference probe rates, engine counters)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContenderResult(String label, String kind, String setup, String mode, int judgments, int generations,
                              double wallSeconds, long promptTokens, long promptTokensComputed, long generatedTokens,
                              double timeToFirstScoreSeconds, long kvBytesPeak, long kvBytesAllocated,
                              long peakRssBytes, Double javaShare, Map<String, Object> extra) {

    public double judgmentsPerSecond() {
        return wallSeconds > 0 ? judgments / wallSeconds : 0;
    }

    public double promptTokensPerSecond() {
        return wallSeconds > 0 ? promptTokens / wallSeconds : 0;
    }

    public double generatedTokensPerSecond() {
        return wallSeconds > 0 ? generatedTokens / wallSeconds : 0;
    }

    ContenderResult withRss(long rss) {
        return new ContenderResult(label, kind, setup, mode, judgments, generations, wallSeconds, promptTokens,
                promptTokensComputed, generatedTokens, timeToFirstScoreSeconds, kvBytesPeak, kvBytesAllocated, rss,
                javaShare, extra);
    }
}
