package dev.gavel.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads ProcessBench files ({@code id, problem, steps, final_answer_correct, label}); label is the
 * 0-based index of the first wrong step, -1 when every step is right.
 */
public final class ProcessBenchDataset {
    private ProcessBenchDataset() {
    }

    public static List<Parsed<StepItem>> load(Path file) throws DatasetException {
        return JsonRecords.load(file, (node, index) -> new StepItem(JsonRecords.text(node, "id"),
                JsonRecords.text(node, "problem"), JsonRecords.textList(node, "steps"),
                JsonRecords.integer(node, "label"), JsonRecords.bool(node, "final_answer_correct")));
    }
}
