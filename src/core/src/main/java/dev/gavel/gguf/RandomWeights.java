package dev.gavel.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Seeded random tensor data in a ggml encoding, streamed in 1 MiB chunks. Values are uniform
 * with standard deviation {@code sigma}; quantized types get random quants under one f16 scale
 * per block, which is a valid block whose dequantized values have that deviation. Bytes come
 * from xorshift64* and are written straight into a buffer, so hundreds of millions of weights
 * take seconds.
 */
final class RandomWeights implements TensorData {
    private static final int CHUNK = 1 << 20;
    /** Standard deviation of a uniform integer on [-128, 127] and on [-8, 7]. */
    private static final double Q8_STD = Math.sqrt((256.0 * 256.0 - 1) / 12.0);
    private static final double Q4_STD = Math.sqrt((16.0 * 16.0 - 1) / 12.0);

    private final GgmlType type;
    private final long elements;
    private final double sigma;
    private long state;

    RandomWeights(GgmlType type, long elements, double sigma, long seed) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.Q8_0 && type != GgmlType.Q4_0) {
            throw new IllegalArgumentException("random weights in " + type + " are not supported");
        }
        if (elements % type.blockSize() != 0) {
            throw new IllegalArgumentException(elements + " elements is not a whole number of " + type + " blocks");
        }
        this.type = type;
        this.elements = elements;
        this.sigma = sigma;
        // Mix the seed so neighbouring seeds (tensor indices) give unrelated streams, and never 0.
        long s = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        s ^= s >>> 31;
        this.state = s == 0 ? 1 : s;
    }

    private long next() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return x * 0x2545F4914F6CDD1DL;
    }

    @Override
    public void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long bytesLeft = type.byteSize(new long[] {elements});
        int unit = type.typeSize();
        while (bytesLeft > 0) {
            buf.clear();
            int chunk = (int) Math.min(bytesLeft, CHUNK / unit * unit);
            fill(buf, chunk / unit);
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            bytesLeft -= chunk;
        }
    }

    private void fill(ByteBuffer buf, int units) {
        // Uniform on [-a, a] has deviation a / sqrt(3).
        float a = (float) (sigma * Math.sqrt(3));
        switch (type) {
            case F32 -> {
                for (int i = 0; i < units; i++) {
                    buf.putFloat(uniform(a));
                }
            }
            case F16 -> {
                for (int i = 0; i < units; i++) {
                    buf.putShort(Float.floatToFloat16(uniform(a)));
                }
            }
            case Q8_0 -> {
                short d = Float.floatToFloat16((float) (sigma / Q8_STD));
                for (int i = 0; i < units; i++) {
                    buf.putShort(d);
                    for (int k = 0; k < 4; k++) {
                        buf.putLong(next());
                    }
                }
            }
            case Q4_0 -> {
                short d = Float.floatToFloat16((float) (sigma / Q4_STD));
                for (int i = 0; i < units; i++) {
                    buf.putShort(d);
                    buf.putLong(next());
                    buf.putLong(next());
                }
            }
            default -> throw new AssertionError(type);
        }
    }

    private float uniform(float a) {
        // 24 random bits give a float in [0, 1) without rounding bias.
        return ((next() >>> 40) * 0x1.0p-24f * 2f - 1f) * a;
    }
}
