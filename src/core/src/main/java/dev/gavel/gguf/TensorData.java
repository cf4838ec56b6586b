package dev.gavel.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Produces the bytes of one tensor when {@link GgufWriter} reaches it, so data can be streamed
 * (generated or copied chunk by chunk) instead of held in memory. It must write exactly the
 * tensor's byte size; the writer checks.
 */
@FunctionalInterface
public interface TensorData {

    void writeTo(WritableByteChannel out) throws IOException;

    /** Raw bytes already in the tensor's on-disk encoding. */
    static TensorData ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return out -> {
            ByteBuffer b = ByteBuffer.wrap(copy);
            while (b.hasRemaining()) {
                out.write(b);
            }
        };
    }

    /** F32 values, written little-endian. */
    static TensorData ofFloats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return ofBytes(b.array());
    }
}
