package dev.gavel.judge;

import dev.gavel.JudgeException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one lock helper: work runs while open, close waits for it, releases once, and refuses later work. */
class OpenGuardTest {
    @Test
    void workRunsWhileOpenAndIsRefusedAfterClose() throws Exception {
        OpenGuard guard = new OpenGuard();
        assertEquals(3, guard.whileOpen(() -> 3));
        AtomicInteger released = new AtomicInteger();
        guard.close(released::incrementAndGet);
        guard.close(released::incrementAndGet);
        assertEquals(1, released.get(), "idempotent");
        assertTrue(guard.isClosed());
        assertThrows(IllegalStateException.class, () -> guard.whileOpen(() -> 3));
        assertThrows(IllegalStateException.class, () -> guard.submit(() -> CompletableFuture.completedFuture(1)));
    }

    @Test
    void aJudgeExceptionBeforeSubmittingFailsTheFuture() {
        OpenGuard guard = new OpenGuard();
        JudgeException tooLong = new JudgeException(JudgeException.Reason.INPUT_TOO_LONG, "too long");
        CompletableFuture<Integer> f = guard.submit(() -> {
            throw tooLong;
        });
        assertTrue(f.isCompletedExceptionally());
        assertEquals(tooLong, assertThrows(java.util.concurrent.ExecutionException.class, f::get).getCause());
        assertThrows(IllegalArgumentException.class, () -> guard.submit(() -> {
            throw new IllegalArgumentException("not for this format");
        }), "unchecked failures are thrown at the call");
    }

    @Test
    void closeWaitsForWorkInProgress() throws Exception {
        OpenGuard guard = new OpenGuard();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean releasedDuringWork = new AtomicBoolean();
        AtomicBoolean working = new AtomicBoolean();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                guard.whileOpen(() -> {
                    working.set(true);
                    inside.countDown();
                    finish.await();
                    working.set(false);
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        Thread closer = Thread.ofPlatform().start(() -> guard.close(() -> releasedDuringWork.set(working.get())));
        closer.join(200);
        assertTrue(closer.isAlive(), "close waits while work holds the model");
        finish.countDown();
        closer.join(10_000);
        worker.join(10_000);
        assertFalse(releasedDuringWork.get(), "the model is released only after the work");
    }
}
