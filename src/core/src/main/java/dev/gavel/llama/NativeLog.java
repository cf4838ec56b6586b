package dev.gavel.llama;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Routes llama.cpp's and ggml's log lines to SLF4J (logger {@code dev.gavel.llama.native}).
 * Quiet by default: llama.cpp's informational chatter goes to DEBUG and its warnings to DEBUG as
 * well, since Gavel reports every failure that matters through its own exceptions; only llama.cpp
 * errors reach WARN. The last error line is kept so exceptions can quote it.
 */
final class NativeLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.gavel.llama.native");
    private static final int GGML_LOG_LEVEL_DEBUG = 1;
    private static final int GGML_LOG_LEVEL_WARN = 3;
    private static final int GGML_LOG_LEVEL_ERROR = 4;
    private static final int GGML_LOG_LEVEL_CONT = 5;

    private static final int KEPT_ERRORS = 8;

    private static volatile int lastLevel = 2;
    private static volatile String lastError = "";
    /** The most recent error lines, by sequence number modulo the ring size. */
    private static final String[] recentErrors = new String[KEPT_ERRORS];
    /** The thread that logged each of them: llama.cpp logs a call's errors on the calling thread. */
    private static final Thread[] recentThreads = new Thread[KEPT_ERRORS];
    private static long errorCount;

    private NativeLog() {
    }

    static void install(LlamaNative lib) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(NativeLog.class, "onLog",
                    MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = lib.linker().upcallStub(target, LlamaNative.LOG_CALLBACK, Arena.global());
            lib.logSet.invokeExact(stub, MemorySegment.NULL);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** The most recent error line llama.cpp logged, or "" when none. */
    static String lastError() {
        return lastError;
    }

    /** A mark to pass to {@link #errorsSince} after a native call. */
    static synchronized long errorMark() {
        return errorCount;
    }

    /**
     * Error lines this thread's native calls logged after a mark (at most the last few), oldest
     * first: contexts decode on several threads at once, and one call's failure must not be
     * explained by another's messages.
     */
    static synchronized java.util.List<String> errorsSince(long mark) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Thread self = Thread.currentThread();
        for (long i = Math.max(mark, errorCount - KEPT_ERRORS); i < errorCount; i++) {
            if (recentThreads[(int) (i % KEPT_ERRORS)] == self) {
                out.add(recentErrors[(int) (i % KEPT_ERRORS)]);
            }
        }
        return out;
    }

    private static synchronized void recordError(String line) {
        recentThreads[(int) (errorCount % KEPT_ERRORS)] = Thread.currentThread();
        recentErrors[(int) (errorCount % KEPT_ERRORS)] = line;
        errorCount++;
        lastError = line;
    }

    @SuppressWarnings("unused") // called from native code
    private static void onLog(int level, MemorySegment text, MemorySegment userData) {
        // An upcall must never throw: an exception here would take the JVM down.
        try {
            int effective = level == GGML_LOG_LEVEL_CONT ? lastLevel : level;
            lastLevel = effective;
            String line = text.reinterpret(Long.MAX_VALUE).getString(0).stripTrailing();
            if (line.isEmpty()) {
                return;
            }
            if (effective >= GGML_LOG_LEVEL_ERROR) {
                boolean noKvSlot = line.contains("failed to prepare ubatch")
                        || (line.contains("failed to decode, ret = -3") && lastError.contains("failed to prepare ubatch"));
                recordError(line);
                if (noKvSlot) {
                    // A full or fragmented KV cache: the engine evicts, compacts or shrinks the batch.
                    LOG.debug(line);
                } else {
                    LOG.warn(line);
                }
            } else if (effective >= GGML_LOG_LEVEL_WARN || effective > GGML_LOG_LEVEL_DEBUG) {
                LOG.debug(line);
            } else {
                LOG.trace(line);
            }
        } catch (Throwable ignored) {
            // Nothing sensible can be done inside a native callback.
        }
    }
}
