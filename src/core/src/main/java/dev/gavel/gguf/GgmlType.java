package dev.gavel.gguf;

import java.util.Optional;

/**
 * The ggml tensor element types a GGUF file may declare, with their on-disk block layout.
 * A quantized type stores {@link #blockSize()} elements in {@link #typeSize()} bytes; plain
 * types have a block size of one. Ids are ggml's and never change, which is why ids that
 * ggml retired (4, 5, 31-33, 36-38) are absent.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** ggml's numeric id, as stored in a GGUF tensor info. */
    public int id() {
        return id;
    }

    /** Elements per block (1 for unquantized types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** The type with this ggml id, or empty for an id ggml does not (or no longer) define. */
    public static Optional<GgmlType> byId(long id) {
        if (id < 0 || id >= BY_ID.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_ID[(int) id]);
    }

    /**
     * Bytes taken by a row of {@code rowLength} elements, the unit ggml quantizes in.
     *
     * @throws IllegalArgumentException when the row is not a whole number of blocks
     */
    public long rowBytes(long rowLength) {
        if (rowLength < 0 || rowLength % blockSize != 0) {
            throw new IllegalArgumentException(
                    name() + " rows must be a multiple of " + blockSize + " elements, got " + rowLength);
        }
        return Math.multiplyExact(rowLength / blockSize, (long) typeSize);
    }

    /**
     * Bytes taken by a tensor of these dimensions (ggml order: dims[0] is the row length).
     *
     * @throws IllegalArgumentException when dims[0] is not a whole number of blocks
     * @throws ArithmeticException when the size overflows a long
     */
    public long byteSize(long[] dims) {
        if (dims.length == 0) {
            return typeSize;
        }
        long bytes = rowBytes(dims[0]);
        for (int i = 1; i < dims.length; i++) {
            bytes = Math.multiplyExact(bytes, dims[i]);
        }
        return bytes;
    }
}
