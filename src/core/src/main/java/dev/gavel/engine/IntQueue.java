package dev.gavel.engine;

import java.util.Arrays;

/** A growable int FIFO without boxing: a request's tokens still to feed, and its output so far. */
final class IntQueue {
    private int[] data = new int[16];
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return head == tail;
    }

    int get(int i) {
        return data[head + i];
    }

    void add(int v) {
        ensure(1);
        data[tail++] = v;
    }

    void addAll(int[] src, int from, int to) {
        int n = Math.max(0, to - from);
        ensure(n);
        System.arraycopy(src, from, data, tail, n);
        tail += n;
    }

    void prepend(int[] src, int from, int to) {
        int n = Math.max(0, to - from);
        int[] merged = new int[Math.max(16, size() + n + 16)];
        System.arraycopy(src, from, merged, 0, n);
        System.arraycopy(data, head, merged, n, size());
        tail = size() + n;
        head = 0;
        data = merged;
    }

    void removeFirst(int n) {
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    int[] toArray() {
        return Arrays.copyOfRange(data, head, tail);
    }

    private void ensure(int n) {
        if (tail + n <= data.length) {
            return;
        }
        int size = size();
        int[] grown = new int[Math.max(data.length * 2, size + n + 16)];
        System.arraycopy(data, head, grown, 0, size);
        data = grown;
        head = 0;
        tail = size;
    }
}
