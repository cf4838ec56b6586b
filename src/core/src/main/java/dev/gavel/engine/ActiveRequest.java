package dev.gavel.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The mutable state of one admitted request: its slot lease, its decoding policy, the tokens it
 * still has to feed and the ones it produced. Confined to the engine's loop thread.
 */
final class ActiveRequest {
    private final PendingRequest pending;
    private final KvSlotManager.Lease lease;
    private final DecodingState state;
    private final long admittedAt;
    /** Tokens to feed the model next: the uncomputed prompt, then each sampled or forced token. */
    private final IntQueue input = new IntQueue();
    private final IntQueue generated = new IntQueue();
    private RequestPhase phase;
    private long firstTokenAt;

    ActiveRequest(PendingRequest pending, KvSlotManager.Lease lease, DecodingState state, long admittedAt) {
        this.pending = pending;
        this.lease = lease;
        this.state = state;
        this.admittedAt = admittedAt;
        int[] prompt = pending.request().promptUnsafe();
        input.addAll(prompt, lease.coveredPrompt(), prompt.length);
        phase = lease.awaitsPrefix() ? RequestPhase.AWAITING_PREFIX : RequestPhase.PREFILLING;
    }

    RequestPhase phase() {
        return phase;
    }

    KvSlotManager.Lease lease() {
        return lease;
    }

    DecodingState state() {
        return state;
    }

    IntQueue input() {
        return input;
    }

    GenerationRequest request() {
        return pending.request();
    }

    CompletableFuture<Generation> future() {
        return pending.future();
    }

    /** The awaited prefix is in the slot now, or must be computed here: either way, prefill. */
    void prefixResolved(boolean forked) {
        requirePhase(RequestPhase.AWAITING_PREFIX);
        if (!forked) {
            input.prepend(pending.request().promptUnsafe(), 0, lease.awaitedLength());
        }
        phase = RequestPhase.PREFILLING;
    }

    /** The decode that consumed the last input token gave logits: from now on the request samples. */
    void startDecoding() {
        if (phase == RequestPhase.PREFILLING) {
            phase = RequestPhase.DECODING;
        }
    }

    /** Records a sampled token; it is fed next step unless the generation has finished. */
    void sampled(int token, long now) {
        if (firstTokenAt == 0) {
            firstTokenAt = now;
        }
        generated.add(token);
        if (!state.isFinished()) {
            input.add(token);
        }
    }

    /**
     * Queues the tokens the decoding state imposes without sampling (a marker) as input and as
     * output; returns how many.
     */
    int appendForced() {
        int[] forced = state.takeForcedTokens();
        if (forced.length > 0) {
            input.addAll(forced, 0, forced.length);
            for (int f : forced) {
                generated.add(f);
            }
        }
        return forced.length;
    }

    /** Marks the request finished and releases its decoding state (a grammar's native sampler). */
    void markFinished() {
        phase = RequestPhase.FINISHED;
        state.close();
    }

    /** The outcome, once the decoding state has finished. */
    Generation generation(long now) {
        long submittedAt = pending.submittedAt();
        return new Generation(generated.toArray(), state.text(), state.finishReason(), state.choices(),
                pending.request().promptLength(), lease.reused(),
                Duration.ofNanos(admittedAt - submittedAt),
                Duration.ofNanos((firstTokenAt == 0 ? now : firstTokenAt) - submittedAt),
                Duration.ofNanos(now - submittedAt));
    }

    private void requirePhase(RequestPhase expected) {
        if (phase != expected) {
            throw new IllegalStateException("request is " + phase + ", not " + expected);
        }
    }

    @Override
    public String toString() {
        return "ActiveRequest[slot " + lease.sequence() + ", " + phase + ", " + input.size() + " to feed]";
    }
}
