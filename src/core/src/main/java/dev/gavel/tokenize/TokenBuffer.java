package dev.gavel.tokenize;

import java.util.Arrays;

/** A growable int array for assembling token sequences without boxing. */
final class TokenBuffer {
    private int[] ids;
    private int size;

    TokenBuffer(int capacity) {
        ids = new int[Math.max(capacity, 8)];
    }

    void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
    }

    void addAll(int[] more) {
        if (size + more.length > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + more.length));
        }
        System.arraycopy(more, 0, ids, size, more.length);
        size += more.length;
    }

    int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
