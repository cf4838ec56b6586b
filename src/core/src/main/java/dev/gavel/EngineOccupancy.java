package dev.gavel;

/**
 * What an engine holds right now, as its loop thread last saw it: for leak checks and soaks.
 * An idle engine has no active or queued request, and every KV cell in use belongs to a cached
 * prompt ({@code kvCellsInUse <= kvCellsCached}, less when cached prompts share cells).
 *
 * @param activeRequests  requests admitted to a sequence slot
 * @param queuedRequests  requests submitted but not yet admitted
 * @param cachedPrompts   slots keeping a finished prompt for prefix reuse
 * @param kvCellsInUse    KV cells llama.cpp reports in use
 * @param kvCellsCached   KV cells the cached prompts account for (sum over their slots)
 * @param decodeFailures  decode calls llama.cpp failed since the engine started
 */
public record EngineOccupancy(int activeRequests, int queuedRequests, int cachedPrompts, int kvCellsInUse,
                              int kvCellsCached, long decodeFailures) {

    /** What this and {@code other} hold together: two engines' as one. */
    public EngineOccupancy plus(EngineOccupancy other) {
        return new EngineOccupancy(activeRequests + other.activeRequests, queuedRequests + other.queuedRequests,
                cachedPrompts + other.cachedPrompts, kvCellsInUse + other.kvCellsInUse,
                kvCellsCached + other.kvCellsCached, decodeFailures + other.decodeFailures);
    }

    /** No request in flight and no KV cell outside the cached prompts. */
    public boolean isIdle() {
        return activeRequests == 0 && queuedRequests == 0 && kvCellsInUse <= kvCellsCached;
    }
}
