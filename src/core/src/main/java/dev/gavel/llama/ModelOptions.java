package dev.gavel.llama;

/**
 * How a model file is loaded.
 *
 * @param gpuLayers layers to offload to a GPU backend (0 = CPU only, -1 = all); without a GPU backend
 *                  everything stays on the CPU
 * @param useMmap   map the file instead of reading it (fast start, shared page cache)
 * @param useMlock  lock the weights in RAM
 * @param progress  load-progress callback, or null
 */
public record ModelOptions(int gpuLayers, boolean useMmap, boolean useMlock, LoadProgressListener progress) {
    public ModelOptions {
        if (gpuLayers < -1) {
            throw new IllegalArgumentException("gpuLayers must be >= 0, or -1 for all, was " + gpuLayers);
        }
    }

    public static ModelOptions defaults() {
        return new ModelOptions(0, true, false, null);
    }

    public ModelOptions withGpuLayers(int layers) {
        return new ModelOptions(layers, useMmap, useMlock, progress);
    }

    public ModelOptions withMmap(boolean mmap) {
        return new ModelOptions(gpuLayers, mmap, useMlock, progress);
    }

    public ModelOptions withProgress(LoadProgressListener listener) {
        return new ModelOptions(gpuLayers, useMmap, useMlock, listener);
    }
}
