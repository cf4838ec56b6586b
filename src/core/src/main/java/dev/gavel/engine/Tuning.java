package dev.gavel.engine;

import dev.gavel.EngineSettings;
import dev.gavel.llama.LlamaNative;

/**
 * The engine settings Gavel uses where the user sets none, chosen from the hardware found. Every
 * number lives here, so that new measurements (docs/performance.md) re-tune one class.
 *
 * <p>The rules, from the measurements so far (llama.cpp v0.4.0, one KV stream per sequence;
 * docs/performance.md and ../shared/notes/native-current.md):
 * <ul>
 *   <li>Sequences decode together on a CPU too: with per-sequence KV, 8 independent judge-sized
 *       prompts took 12.8 s batched against 16.6 s one at a time (21.9 s on b4916, whose unified
 *       cache made batching useless and set parallel 1 here before).
 *   <li>Flash attention is faster for one sequence and for many (prefill ~1,190 against ~730
 *       tok/s), so automatic means on; with it 512 tokens per decode. Without it a CPU batch's
 *       attention scores must stay cache-sized: 128.
 *   <li>Except on a CPU for attention heads under {@value #CPU_FLASH_MIN_HEAD_SIZE} wide: there
 *       the CPU kernel decodes 2.4-2.8x slower with flash attention (heads of 16 and 32), and at
 *       8 it prefills 2.3x slower too, against heads of 64 and 128 where it prefills ~1.4x faster
 *       and decodes about as fast (docs/performance.md, "Flash attention by head size"). Judge
 *       models have heads of 64 to 256; the small heads are test and toy models'.
 *   <li>With layers on a GPU, the same: 8 sequences, flash attention, 512 tokens per decode.
 *   <li>Threads: every processor Java sees, on either kind of machine.
 * </ul>
 * Values a user gives are kept as they are; an automatic batch size follows flash attention.
 */
public final class Tuning {
    /** Sequences decoded together when the model runs on the CPU. */
    public static final int CPU_PARALLEL = 8;
    /** Sequences decoded together with layers offloaded to a GPU. */
    public static final int GPU_PARALLEL = 8;
    /** Tokens per decode without flash attention on a CPU: attention scores stay cache-sized. */
    public static final int CPU_BATCH = 128;
    /** Tokens per decode with flash attention or on a GPU. */
    public static final int FLASH_OR_GPU_BATCH = 512;
    /** The narrowest attention head for which a CPU runs flash attention when the user leaves it automatic. */
    public static final int CPU_FLASH_MIN_HEAD_SIZE = 64;

    private Tuning() {
    }

    /**
     * The machine as far as the settings care.
     *
     * @param processors processors the JVM may use
     * @param gpuOffload layers run on a GPU: some (-1 = all) are asked for and a GPU backend is present
     */
    public record Hardware(int processors, boolean gpuOffload) {
        public Hardware {
            if (processors < 1) {
                throw new IllegalArgumentException("processors must be >= 1, was " + processors);
            }
        }

        /** This machine, for a model with {@code gpuLayers} layers asked to go to a GPU. */
        public static Hardware detect(int gpuLayers) {
            return new Hardware(Runtime.getRuntime().availableProcessors(),
                    gpuLayers != 0 && LlamaNative.get().hasGpu());
        }
    }

    /**
     * The settings for {@code hardware}, keeping every value the user gave.
     *
     * @param headSize       the model's attention head size, or 0 when unknown
     * @param parallel       sequences, or 0 for the hardware's default
     * @param threads        threads, or 0 for the hardware's default
     * @param batchSize      tokens per decode, or 0 to follow flash attention
     * @param flashAttention on or off, or null for {@link #automaticFlashAttention}
     * @param engines        engines asked for; at most one per thread resolved
     */
    public static EngineSettings resolve(Hardware hardware, int headSize, int parallel, int threads, int batchSize,
                                         Boolean flashAttention, int engines) {
        int p = parallel > 0 ? parallel : hardware.gpuOffload() ? GPU_PARALLEL : CPU_PARALLEL;
        int t = threads > 0 ? threads : hardware.processors();
        boolean fa = flashAttention != null ? flashAttention : automaticFlashAttention(hardware, headSize);
        int b = batchSize > 0 ? batchSize : automaticBatchSize(fa, hardware.gpuOffload());
        // More engines than threads cannot each have one: automatic threads may be fewer than asked.
        return new EngineSettings(p, t, b, fa, hardware.gpuOffload(), Math.min(engines, t));
    }

    /**
     * Flash attention where the user sets none: on with layers on a GPU, and on a CPU unless the
     * model's heads are known to be narrower than {@link #CPU_FLASH_MIN_HEAD_SIZE}.
     */
    public static boolean automaticFlashAttention(Hardware hardware, int headSize) {
        return hardware.gpuOffload() || headSize <= 0 || headSize >= CPU_FLASH_MIN_HEAD_SIZE;
    }

    /** The batch size where none is given: {@link #FLASH_OR_GPU_BATCH} or {@link #CPU_BATCH}. */
    public static int automaticBatchSize(boolean flashAttention, boolean gpuOffload) {
        return flashAttention || gpuOffload ? FLASH_OR_GPU_BATCH : CPU_BATCH;
    }

    /**
     * The most sequences an automatic setting decodes together on any hardware: for sizing a
     * queue of work before the machine that runs it is known (a Spark driver, say).
     */
    public static int maxAutomaticParallel() {
        return Math.max(CPU_PARALLEL, GPU_PARALLEL);
    }
}
