package dev.gavel.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads LLMBar files ({@code input, output_1, output_2, label}). LLMBar has no ids, so an item's
 * id is its 0-based position in the file; its labels are 1 or 2, never a tie.
 */
public final class LlmBarDataset {
    private LlmBarDataset() {
    }

    public static List<Parsed<PairwiseItem>> load(Path file) throws DatasetException {
        return JsonRecords.load(file, (node, index) -> {
            int label = JsonRecords.integer(node, "label");
            if (label != PairwiseItem.A_WINS && label != PairwiseItem.B_WINS) {
                throw new RecordException("LLMBar label must be 1 or 2, found " + label);
            }
            return new PairwiseItem(Integer.toString(index), JsonRecords.text(node, "input"), "",
                    JsonRecords.text(node, "output_1"), JsonRecords.text(node, "output_2"), label);
        });
    }
}
