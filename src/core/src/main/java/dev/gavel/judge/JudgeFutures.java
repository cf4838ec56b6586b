package dev.gavel.judge;

import dev.gavel.JudgeException;
import dev.gavel.JudgeException.Reason;
import dev.gavel.engine.Generation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** The futures between the judge's callers and the engine: combining, translating failures, waiting. */
final class JudgeFutures {
    /** Futures complete here so user callbacks never run on the engine's decode thread. */
    private static final Executor CALLBACKS = r -> Thread.ofVirtual().name("gavel-judge-callback").start(r);

    private JudgeFutures() {
    }

    /**
     * One future over several engine requests: completes with {@code combine} of their results on
     * a Gavel thread, or fails with the first failure translated for callers; cancelling it
     * cancels the engine requests.
     */
    static <T> CompletableFuture<T> collect(List<CompletableFuture<Generation>> gens,
                                            Function<List<Generation>, T> combine) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture.allOf(gens.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, error) -> {
            if (error != null) {
                gens.forEach(g -> g.cancel(false));
                result.completeExceptionally(EngineFailures.translate(error));
                return;
            }
            try {
                result.complete(combine.apply(gens.stream().map(CompletableFuture::join).toList()));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, CALLBACKS);
        result.whenComplete((v, error) -> {
            if (result.isCancelled()) {
                gens.forEach(g -> g.cancel(false));
            }
        });
        return result;
    }

    /** The future's value; its judge exception, unchecked exception or error as thrown. */
    static <T> T await(CompletableFuture<T> future) throws JudgeException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new JudgeException(Reason.INTERRUPTED, "interrupted while waiting for the judge", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            switch (cause) {
                case JudgeException j -> throw j;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new JudgeException(Reason.ENGINE_FAILED, "judge request failed: " + cause, cause);
            }
        }
    }

    /** Every future's value in order; stops at the first failure and cancels the rest. */
    static <T> List<T> awaitAll(List<CompletableFuture<T>> futures) throws JudgeException {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (CompletableFuture<T> f : futures) {
                out.add(await(f));
            }
            return out;
        } finally {
            if (out.size() < futures.size()) {
                futures.forEach(f -> f.cancel(false));
            }
        }
    }
}
