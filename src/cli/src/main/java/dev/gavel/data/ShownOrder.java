package dev.gavel.data;

import java.util.SplittableRandom;

/**
 * The order in which a chosen/rejected pair is shown to a judge: chosen first or second, drawn per
 * item from a seed and the item's id, so that {@code gavel compare} and {@code gavel eval} put
 * every pair in the same order without sharing state, and half the pairs (in expectation) show
 * the chosen response second. A judge that always prefers one position then scores about 50%,
 * not 100% or 0%, as in RewardBench's shuffled generative evaluation.
 */
public final class ShownOrder {
    /** The seed both commands use unless told otherwise ({@code --order-seed}). */
    public static final long DEFAULT_SEED = 42;

    private ShownOrder() {
    }

    /** Whether the chosen response is shown first (as response A) for this item. */
    public static boolean chosenFirst(long seed, String id) {
        // String.hashCode is specified, so the order is the same on every JVM and across runs
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id.hashCode()).nextBoolean();
    }
}
