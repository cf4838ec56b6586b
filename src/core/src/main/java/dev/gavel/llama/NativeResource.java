package dev.gavel.llama;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One native handle with exactly one owner. {@link #close()} frees it once, however often it is
 * called and from whichever thread; any use after close throws {@link IllegalStateException}
 * rather than handing a dangling pointer to native code.
 */
abstract class NativeResource implements AutoCloseable {
    private final AtomicReference<MemorySegment> handle;
    private final String kind;

    NativeResource(String kind, MemorySegment handle) {
        if (handle == null || handle.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException(kind + " handle is null");
        }
        this.kind = kind;
        this.handle = new AtomicReference<>(handle);
    }

    /** The live handle; throws when closed. */
    final MemorySegment handle() {
        MemorySegment h = handle.get();
        if (h == null) {
            throw new IllegalStateException(kind + " is closed");
        }
        return h;
    }

    public final boolean isClosed() {
        return handle.get() == null;
    }

    @Override
    public final void close() {
        beforeFree();
        MemorySegment h = handle.getAndSet(null);
        if (h != null) {
            free(h);
        }
    }

    /** Hook to close dependents (a model's contexts) before this handle is freed. */
    void beforeFree() {
    }

    abstract void free(MemorySegment handle);
}
