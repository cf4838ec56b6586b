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
    /** Standard deviation of a uniform integer on [-32, 31]. */
    private static final double Q6_STD = Math.sqrt((64.0 * 64.0 - 1) / 12.0);
    /**
     * Q4_K's twelve packed 6-bit (scale, min) bytes giving scale 8 and min 8 to all eight
     * sub-blocks; with dmin = 7.5 d the weights d * 8 * q - dmin * 8 are centred on zero.
     */
    private static final byte[] Q4K_SCALES = {8, 8, 8, 8, 8, 8, 8, 8, (byte) 0x88, (byte) 0x88, (byte) 0x88, (byte) 0x88};

    private final GgmlType type;
    private final long elements;
    private final double sigma;
    private long state;

    RandomWeights(GgmlType type, long elements, double sigma, long seed) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.Q8_0 && type != GgmlType.Q4_0
                && type != GgmlType.Q4_K && type != GgmlType.Q6_K) {
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
            case Q4_K -> {
                // block_q4_K: d, dmin (f16), scales[12], qs[128] (two 4-bit weights a byte).
                double d = sigma / (8 * Q4_STD);
                short dh = Float.floatToFloat16((float) d);
                short dminh = Float.floatToFloat16((float) (7.5 * d));
                for (int i = 0; i < units; i++) {
                    buf.putShort(dh);
                    buf.putShort(dminh);
                    buf.put(Q4K_SCALES);
                    for (int k = 0; k < 16; k++) {
                        buf.putLong(next());
                    }
                }
            }
            case Q6_K -> {
                // block_q6_K: ql[128], qh[64] (6-bit weights, offset 32), scales[16] (int8), d (f16).
                short dh = Float.floatToFloat16((float) (sigma / Q6_STD));
                for (int i = 0; i < units; i++) {
                    for (int k = 0; k < 24; k++) {
                        buf.putLong(next());
                    }
                    for (int k = 0; k < 16; k++) {
                        buf.put((byte) 1);
                    }
                    buf.putShort(dh);
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
