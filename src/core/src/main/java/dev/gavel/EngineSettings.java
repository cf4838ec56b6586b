package dev.gavel;

/**
 * The engine settings a judge runs with: the ones its options set, and the automatic ones as
 * resolved for the machine it opened on.
 *
 * @param parallel       sequences decoded together
 * @param threads        compute threads
 * @param batchSize      tokens per decode call
 * @param flashAttention flash attention on
 * @param gpuOffload     layers run on a GPU (so the CPU is not what bounds the speed)
 * @param engines        engines side by side on the model, sharing out the threads and the
 *                       parallel sequences
 */
public record EngineSettings(int parallel, int threads, int batchSize, boolean flashAttention, boolean gpuOffload,
                             int engines) {
    public EngineSettings {
        if (engines < 1 || engines > threads) {
            throw new IllegalArgumentException("engines must be in 1.." + threads + ", was " + engines);
        }
    }

    /** Settings of one engine. */
    public EngineSettings(int parallel, int threads, int batchSize, boolean flashAttention, boolean gpuOffload) {
        this(parallel, threads, batchSize, flashAttention, gpuOffload, 1);
    }
}
