package dev.gavel.judge;

import dev.gavel.InputTooLongException;
import dev.gavel.JudgeException;
import dev.gavel.JudgeException.Reason;
import dev.gavel.engine.DecodeFailedException;
import dev.gavel.engine.EngineClosedException;
import dev.gavel.engine.NonFiniteLogitsException;
import dev.gavel.engine.RequestTooLargeException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Engine failures become judge failures by their type, whatever their message says. */
class EngineFailuresTest {
    private static JudgeException judged(Throwable engineFailure) {
        return assertInstanceOf(JudgeException.class, EngineFailures.translate(new CompletionException(engineFailure)));
    }

    @Test
    void eachEngineFailureHasItsReason() {
        InputTooLongException tooLong = assertInstanceOf(InputTooLongException.class,
                judged(new RequestTooLargeException(4000, 300, 4096)));
        assertEquals(Reason.INPUT_TOO_LONG, tooLong.reason());
        assertEquals(4300, tooLong.promptTokens());
        assertEquals(4096, tooLong.contextSize());

        JudgeException closed = judged(new EngineClosedException("engine is closed"));
        assertEquals(Reason.CLOSED, closed.reason());
        assertEquals("judge closed before this request started", closed.getMessage());

        DecodeFailedException decode = new DecodeFailedException("llama_decode returned -3", null);
        assertEquals(Reason.DECODE_FAILED, judged(decode).reason());
        assertSame(decode, judged(decode).getCause());
        assertEquals(Reason.NON_FINITE_LOGITS, judged(new NonFiniteLogitsException("NaN at the score")).reason());
        assertEquals(Reason.ENGINE_FAILED, judged(new IllegalStateException("engine loop failed: boom")).reason());
    }

    @Test
    void theMessageNeverDecides() {
        // An engine crash whose text says "closed" is still a crash, and a closed engine saying "decode" still closed.
        assertEquals(Reason.ENGINE_FAILED, judged(new IllegalStateException("the engine is closed")).reason());
        assertEquals(Reason.CLOSED, judged(new EngineClosedException("decode failed")).reason());
    }

    @Test
    void judgeFailuresCancellationsAndErrorsPassThrough() {
        JudgeException own = new JudgeException(Reason.INTERRUPTED, "interrupted");
        assertSame(own, EngineFailures.translate(new CompletionException(own)));
        CancellationException cancelled = new CancellationException();
        assertSame(cancelled, EngineFailures.translate(cancelled));
        OutOfMemoryError oom = new OutOfMemoryError();
        assertSame(oom, EngineFailures.translate(new CompletionException(oom)));
    }

    @Test
    void onlyTheRequestsOwnReasonsLetABatchGoOn() {
        for (Reason r : Reason.values()) {
            boolean own = r == Reason.INPUT_TOO_LONG || r == Reason.DECODE_FAILED || r == Reason.NON_FINITE_LOGITS;
            assertEquals(own, r.isRequestFailure(), r.name());
        }
    }
}
