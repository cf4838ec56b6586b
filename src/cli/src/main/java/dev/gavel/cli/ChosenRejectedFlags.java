package dev.gavel.cli;

import dev.gavel.data.ShownOrder;
import picocli.CommandLine.Option;

/**
 * {@code gavel compare}'s flags for chosen/rejected records: preset rewardbench reads them by
 * default, any other preset once a field is named.
 */
public final class ChosenRejectedFlags {
    @Option(names = "--chosen-field", paramLabel = "NAME", description = "Field of the chosen (better) response:"
            + " the pair is then shown in a seeded random order kept in each record as \"chosen\": \"A\"|\"B\""
            + " (rewardbench: chosen).")
    String chosen;

    @Option(names = "--rejected-field", paramLabel = "NAME", description = "Field of the rejected response"
            + " (rewardbench: rejected).")
    String rejected;

    @Option(names = "--order-seed", paramLabel = "N", description = "Seed of the shown order of chosen/rejected"
            + " pairs; gavel eval must use the same (default " + ShownOrder.DEFAULT_SEED + ").")
    Long orderSeed;

    boolean anyGiven() {
        return chosen != null || rejected != null || orderSeed != null;
    }

    String chosenField() {
        return chosen != null ? chosen : "chosen";
    }

    String rejectedField() {
        return rejected != null ? rejected : "rejected";
    }

    long seed() {
        return orderSeed != null ? orderSeed : ShownOrder.DEFAULT_SEED;
    }
}
