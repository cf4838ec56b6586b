package dev.gavel.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one engine step decodes, decided by the {@link Scheduler} before any native call: which
 * request feeds how many of its pending tokens, at which KV positions, in which rows of the batch,
 * and which chunks end with logits to sample from.
 *
 * @param chunks    in the order the scheduler chose them: decoding requests first, then prompt
 *                  chunks in admission order (so the last is the youngest prefill)
 * @param isolating the step decodes one request suspected of failing decodes, alone
 */
record StepPlan(List<Chunk> chunks, boolean isolating) {

    /**
     * One request's share of the step.
     *
     * @param request  the request
     * @param sequence its KV sequence id
     * @param position KV position of its first token in this chunk
     * @param row      batch row of that token; the chunk fills rows {@code row .. row + count - 1}
     * @param count    tokens fed, the first {@code count} of its pending input
     * @param logits   the chunk feeds all its pending input, so its last row gives logits to sample
     * @param prefill  the tokens are prompt (computed for the cache), not generated output
     */
    record Chunk(ActiveRequest request, int sequence, int position, int row, int count, boolean logits,
                 boolean prefill) {

        /** The batch row whose logits this chunk samples from. */
        int logitsRow() {
            return row + count - 1;
        }
    }

    StepPlan {
        chunks = List.copyOf(chunks);
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    int size() {
        return chunks.size();
    }

    /** The chunk chosen last: the youngest prefill, when the step has one. */
    Chunk last() {
        return chunks.getLast();
    }

    /** The chunks as the batch lays them out. */
    List<Chunk> inBatchOrder() {
        List<Chunk> sorted = new ArrayList<>(chunks);
        sorted.sort(Comparator.comparingInt(Chunk::row));
        return sorted;
    }
}
