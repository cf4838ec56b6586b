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
 */
public record EngineSettings(int parallel, int threads, int batchSize, boolean flashAttention, boolean gpuOffload) {
}
