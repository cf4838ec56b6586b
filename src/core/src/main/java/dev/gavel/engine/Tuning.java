package dev.gavel.engine;

import dev.gavel.llama.LlamaNative;

/**
 * The engine settings Gavel uses where the user sets none, chosen from the hardware found. Every
 * number lives here, so that new measurements (docs/performance.md) re-tune one class.
 *
 * <p>The rules, from the measurements on the bundled llama.cpp (v0.4.0, one KV stream per
 * sequence; issue 13):
 * <ul>
 *   <li>On a CPU several judge prompts decode together: with a KV stream per sequence a token no
 *       longer attends over the other sequences' cells, and batching independent prompts pays
 *       (in b4916's unified cache it did not, and one sequence was fastest).
 *   <li>With layers on a GPU, as many: the GPU has the parallel compute a batch needs.
 *   <li>Flash attention on both: faster for one sequence and for many (prefill ~1.6x, batched
 *       decode of 8 judge prompts 1.3x). Without it a CPU batch's attention scores must stay
 *       cache-sized, hence 128 tokens per decode, else 512.
 *   <li>Threads: every processor Java sees.
 * </ul>
 * Values a user gives are kept as they are; an automatic batch size follows flash attention.
 */
public final class Tuning {
    /** Sequences decoded together when the model runs on the CPU. */
    public static final int CPU_PARALLEL = 8;
    /** Sequences decoded together with layers offloaded to a GPU. */
    public static final int GPU_PARALLEL = 8;
    /** Flash attention when left automatic, on a CPU. */
    public static final boolean CPU_FLASH_ATTENTION = true;
    /** Flash attention when left automatic, on a GPU. */
    public static final boolean GPU_FLASH_ATTENTION = true;
    /** Tokens per decode without flash attention on a CPU: attention scores stay cache-sized. */
    public static final int CPU_BATCH = 128;
    /** Tokens per decode with flash attention or on a GPU. */
    public static final int FLASH_OR_GPU_BATCH = 512;

    private Tuning() {
    }

    /**
     * The machine as far as the settings care.
     *
     * @param processors processors the JVM may use
     * @param gpuOffload layers run on a GPU: some are asked for and the native library has a GPU
     */
    public record Hardware(int processors, boolean gpuOffload) {
        public Hardware {
            if (processors < 1) {
                throw new IllegalArgumentException("processors must be >= 1, was " + processors);
            }
        }

        /**
         * This machine, for a model with {@code gpuLayers} layers asked to go to a GPU (-1: all,
         * when a GPU backend is present; 0: none).
         */
        public static Hardware detect(int gpuLayers) {
            return new Hardware(Runtime.getRuntime().availableProcessors(),
                    gpuLayers != 0 && LlamaNative.get().hasGpu());
        }
    }

    /**
     * Resolved engine settings.
     *
     * @param parallel       sequences decoded together
     * @param threads        compute threads
     * @param batchSize      tokens per decode call
     * @param flashAttention flash attention on
     * @param gpuOffload     layers run on a GPU (so the CPU is not what bounds the speed)
     */
    public record Settings(int parallel, int threads, int batchSize, boolean flashAttention, boolean gpuOffload) {
    }

    /**
     * The settings for {@code hardware}, keeping every value the user gave.
     *
     * @param parallel       sequences, or 0 for the hardware's default
     * @param threads        threads, or 0 for the hardware's default
     * @param batchSize      tokens per decode, or 0 to follow flash attention
     * @param flashAttention on or off, or null for the hardware's default
     */
    public static Settings resolve(Hardware hardware, int parallel, int threads, int batchSize, Boolean flashAttention) {
        int p = parallel > 0 ? parallel : hardware.gpuOffload() ? GPU_PARALLEL : CPU_PARALLEL;
        int t = threads > 0 ? threads : hardware.processors();
        boolean fa = flashAttention != null ? flashAttention
                : hardware.gpuOffload() ? GPU_FLASH_ATTENTION : CPU_FLASH_ATTENTION;
        int b = batchSize > 0 ? batchSize : automaticBatchSize(fa, hardware.gpuOffload());
        return new Settings(p, t, b, fa, hardware.gpuOffload());
    }

    /**
     * The most sequences an automatic setting decodes together on any hardware: for sizing a
     * queue of work before the machine that runs it is known (a Spark driver, say).
     */
    public static int maxAutomaticParallel() {
        return Math.max(CPU_PARALLEL, GPU_PARALLEL);
    }

    /** The batch size where none is given: {@link #FLASH_OR_GPU_BATCH} or {@link #CPU_BATCH}. */
    public static int automaticBatchSize(boolean flashAttention, boolean gpuOffload) {
        return flashAttention || gpuOffload ? FLASH_OR_GPU_BATCH : CPU_BATCH;
    }
}
