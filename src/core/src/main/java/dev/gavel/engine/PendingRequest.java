package dev.gavel.engine;

import java.util.concurrent.CompletableFuture;

/** A submitted request not yet admitted to a slot, with the future its caller holds. */
record PendingRequest(GenerationRequest request, CompletableFuture<Generation> future, long submittedAt) {
}
