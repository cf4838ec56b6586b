package dev.gavel.engine;

/**
 * Where an admitted request is in its life; the scheduler plans each step from these. (A request
 * not yet admitted is a {@link PendingRequest}; it has no phase.)
 */
enum RequestPhase {
    /** Holds a slot but waits for another slot to compute the prompt prefix it will fork. */
    AWAITING_PREFIX,
    /**
     * Feeding its prompt in chunks (with any tokens forced before the first sample); the last
     * chunk's logits give the first sample.
     */
    PREFILLING,
    /** Feeding what it last sampled (and any forced marker), sampling again after each step. */
    DECODING,
    /** Completed, failed or cancelled; its slot is released. */
    FINISHED
}
