package dev.gavel.gguf;

import java.util.Arrays;

/**
 * One entry of a GGUF tensor table.
 *
 * @param name   tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param dims   dimensions in ggml order (dims[0] is the contiguous row length)
 * @param type   element type
 * @param offset byte offset of the data relative to the start of the data section
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset) {

    public GgufTensorInfo {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Number of elements (product of the dimensions). */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of tensor data, from the type's block layout. */
    public long byteSize() {
        return type.byteSize(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && Arrays.equals(dims, t.dims)
                && type == t.type && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " " + type + " @" + offset;
    }
}
