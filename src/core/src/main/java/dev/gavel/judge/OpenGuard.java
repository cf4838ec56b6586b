package dev.gavel.judge;

import dev.gavel.JudgeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a judge's model open while a call uses it: calls hold the read lock while they tokenize
 * and submit, {@link #close} takes the write lock, so the model is never freed under a call and
 * no call starts on a freed model.
 */
final class OpenGuard {
    /** Work that needs the model open. */
    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * Runs {@code work} with the model held open.
     *
     * @throws IllegalStateException when closed
     */
    <T, E extends Exception> T whileOpen(Work<T, E> work) throws E {
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("judge is closed");
            }
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a submission with the model held open; a judge exception it throws before submitting
     * anything fails the returned future instead, as every later failure does.
     *
     * @throws IllegalStateException when closed
     */
    <T> CompletableFuture<T> submit(Work<CompletableFuture<T>, JudgeException> submission) {
        try {
            return whileOpen(submission);
        } catch (JudgeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Marks the judge closed and runs {@code release} once no call holds the model; later calls
     * are refused. Idempotent: only the first call releases.
     */
    void close(Runnable release) {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
