package dev.gavel.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads winner predictions for a chosen/rejected dataset into the dataset's own frame, where A and
 * B are the pair in its {@linkplain ShownOrder shown order}. Besides Gavel's usual lines it takes:
 * <pre>
 *   {"id": "7", "winner": "A", "chosen": "B"}   gavel compare's output: "chosen" says which shown
 *                                              response was the chosen one, so the line is read
 *                                              right even if it was shown under another seed
 *   {"id": "7", "winner": "chosen"}            order-free: the judge preferred the chosen response
 *                                              ("rejected" for the other)
 * </pre>
 */
public final class ChosenRejectedPredictions {
    private ChosenRejectedPredictions() {
    }

    /**
     * @param orderSeed the seed the dataset's items were ordered with
     * @throws DatasetException when the file cannot be read at all
     */
    public static List<Parsed<Prediction>> load(Path file, long orderSeed) throws DatasetException {
        return JsonRecords.load(file, (node, index) -> read(node, orderSeed));
    }

    private static Prediction read(JsonNode node, long orderSeed) {
        String id = JsonRecords.text(node, "id");
        boolean chosenFirst = ShownOrder.chosenFirst(orderSeed, id);
        String winner = JsonRecords.optionalText(node, PredictionFile.Kind.WINNER.field()).strip().toLowerCase(Locale.ROOT);
        if (winner.equals("chosen") || winner.equals("rejected")) {
            Prediction p = PredictionFile.read(withWinner(node, PairwiseItem.A_WINS), PredictionFile.Kind.WINNER);
            boolean prefersChosen = winner.equals("chosen");
            int value = prefersChosen == chosenFirst ? PairwiseItem.A_WINS : PairwiseItem.B_WINS;
            return new Prediction(p.id(), value, p.swapped(), p.distribution(), p.unparsed());
        }
        Prediction p = PredictionFile.read(node, PredictionFile.Kind.WINNER);
        JsonNode shown = node.get("chosen");
        if (shown == null || shown.isNull() || p.unparsed()) {
            return p;
        }
        int shownChosen = shown.isValueNode() ? Verdicts.parse(shown.asText()) : -1;
        if (shownChosen != PairwiseItem.A_WINS && shownChosen != PairwiseItem.B_WINS) {
            throw new RecordException("field 'chosen' must be \"A\" or \"B\" (the shown position of the chosen"
                    + " response), found " + shown);
        }
        boolean sameOrder = (shownChosen == PairwiseItem.A_WINS) == chosenFirst;
        if (sameOrder || p.value() == PairwiseItem.TIE) {
            return p;
        }
        double flipped = p.value() == PairwiseItem.A_WINS ? PairwiseItem.B_WINS : PairwiseItem.A_WINS;
        return new Prediction(p.id(), flipped, p.swapped(), p.distribution(), p.unparsed());
    }

    private static JsonNode withWinner(JsonNode node, int winner) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = node.deepCopy();
        copy.put(PredictionFile.Kind.WINNER.field(), winner);
        return copy;
    }
}
