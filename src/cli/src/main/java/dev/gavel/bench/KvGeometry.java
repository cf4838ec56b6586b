package dev.gavel.bench;

import dev.gavel.gguf.ModelInfo;

/**
 * Bytes of one KV cell (all layers, K and V, F16) computed from a model's header, so KV memory can
 * be reported for every contender, including jllama whose cache Gavel cannot observe.
 *
 * @param layers layers
 * @param kvDim  width of K (and of V) per layer: head dimension x KV heads
 */
public record KvGeometry(long layers, long kvDim) {
    /** F16 K and V. */
    private static final int BYTES_PER_ELEMENT = 2;

    public static KvGeometry of(ModelInfo info) {
        long heads = info.headCount();
        return new KvGeometry(info.blockCount(), info.embeddingLength() / heads * info.kvHeadCount());
    }

    public long cellBytes() {
        return layers * 2 * kvDim * BYTES_PER_ELEMENT;
    }

    public long bytes(long cells) {
        return cells * cellBytes();
    }
}
