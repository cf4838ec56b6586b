package dev.gavel.llama;

/**
 * A compute device ggml registered from the library folder.
 *
 * @param index       ggml's device index
 * @param name        short name, e.g. {@code CPU}, {@code CUDA0}, {@code Vulkan0}
 * @param description what the backend says of it (CPU model, GPU name)
 * @param kind        CPU, GPU, integrated GPU or accelerator
 * @param freeBytes   free memory the backend reports
 * @param totalBytes  total memory the backend reports
 */
public record BackendDevice(int index, String name, String description, Kind kind, long freeBytes, long totalBytes) {
    /** ggml's {@code enum ggml_backend_dev_type}. */
    public enum Kind {
        CPU, GPU, IGPU, ACCEL, META, UNKNOWN;

        static Kind of(int type) {
            return type >= 0 && type < UNKNOWN.ordinal() ? values()[type] : UNKNOWN;
        }
    }
}
