package dev.gavel.jobs;

import dev.gavel.data.InputFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.PairwiseRequest;
import dev.gavel.data.DatasetException;
import dev.gavel.data.ShownOrder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chosen/rejected records (RewardBench and the like) as pairwise requests in their
 * {@linkplain ShownOrder shown order}: per item, a seeded coin decides whether the chosen response
 * is A or B, so a judge's position bias cannot pass for agreement. The output record keeps the
 * order as {@code "chosen": "A"|"B"}, which {@code gavel eval} reads back.
 */
public final class ShownPairs {
    /** The output field that says where the chosen response was shown. */
    public static final String CHOSEN_FIELD = "chosen";

    private ShownPairs() {
    }

    /**
     * A pair as shown to the judge.
     *
     * @param request     the comparison, responses in shown order
     * @param chosenFirst whether response A is the chosen one
     */
    public record ShownPair(PairwiseRequest request, boolean chosenFirst) {
        public ShownPair {
            Objects.requireNonNull(request, "request");
        }

        /** Adds where the chosen response was shown to an output record. */
        public ObjectNode record(ObjectNode verdict) {
            verdict.put(CHOSEN_FIELD, chosenFirst ? "A" : "B");
            return verdict;
        }
    }

    /**
     * Reads the file with {@code chosen} and {@code rejected} as the two responses, then puts each
     * pair in its shown order.
     *
     * @param fields       the preset's fields (instruction, input, id, criterion, reference)
     * @param chosenField  field of the chosen response
     * @param rejectedField field of the rejected response
     * @throws DatasetException when the file as a whole cannot be read
     */
    public static List<InputItem<ShownPair>> read(Path file, InputFields fields, String chosenField,
                                                  String rejectedField, String criterion, long seed)
            throws DatasetException {
        InputReader reader = new InputReader(fields.withResponseA(chosenField).withResponseB(rejectedField));
        List<InputItem<PairwiseRequest>> items = reader.pairwise(file, criterion);
        List<InputItem<ShownPair>> out = new ArrayList<>(items.size());
        for (InputItem<PairwiseRequest> item : items) {
            if (!item.isOk()) {
                out.add(new InputItem<>(item.id(), item.where(), null, item.error(), item.duplicate()));
                continue;
            }
            boolean chosenFirst = ShownOrder.chosenFirst(seed, item.id());
            PairwiseRequest shown = chosenFirst ? item.request() : item.request().swapped();
            out.add(InputItem.ok(item.id(), item.where(), new ShownPair(shown, chosenFirst)));
        }
        return out;
    }
}
