package dev.gavel.llama;

/** ggml tensor types usable for the KV cache (the ids are ggml's enum values). */
public enum GgmlType {
    F32(0), F16(1), Q4_0(2), Q4_1(3), Q5_0(6), Q5_1(7), Q8_0(8), BF16(30);

    private final int id;

    GgmlType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }
}
