package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import dev.gavel.data.LabelMeaning;
import dev.gavel.data.LabelledDataset;
import dev.gavel.data.LabelledFields;

import java.util.List;

/**
 * The field layouts and label meanings of the benchmark presets that are read like any labelled
 * dataset ({@link DatasetPreset#JUDGEBENCH}, {@link DatasetPreset#AUTOJ}, {@link DatasetPreset#REWARDBENCH}), so that
 * {@code --preset generic} with the same fields reads the same items.
 */
public final class LabelledPresets {
    /** JudgeBench labels: the objectively correct response; its files have no ties. */
    static final LabelMeaning.Winner JUDGEBENCH_LABELS = new LabelMeaning.Winner("preset judgebench",
            List.of("A>B"), List.of("B>A"), List.of());
    /** Auto-J labels: 0 = response 1 better, 1 = response 2 better, 2 = tie. */
    static final LabelMeaning.Winner AUTOJ_LABELS = new LabelMeaning.Winner("preset autoj",
            List.of("0"), List.of("1"), List.of("2"));

    private LabelledPresets() {
    }

    /** Whether the preset is read through a {@link LabelledDataset} layout. */
    public static boolean isLabelled(DatasetPreset preset) {
        return switch (preset) {
            case GENERIC, JUDGEBENCH, AUTOJ, REWARDBENCH -> true;
            case PANDALM, LLMBAR, PROCESSBENCH, PROMETHEUS -> false;
        };
    }

    /** The preset's own field names (the generic defaults for {@link DatasetPreset#GENERIC}). */
    public static LabelledFields fields(DatasetPreset preset) {
        return switch (preset) {
            case JUDGEBENCH -> new LabelledFields("pair_id", "question", "", "", "response_A", "response_B",
                    "", "", "label", "source");
            // Auto-J's test set has no id field: items are named by their 0-based record index
            case AUTOJ -> new LabelledFields("", "prompt", "", "", "response 1", "response 2", "", "", "label", "scenario");
            case REWARDBENCH -> new LabelledFields("id", "prompt", "", "", "", "", "chosen", "rejected", "", "subset");
            case GENERIC -> LabelledFields.defaults();
            default -> throw new IllegalArgumentException("preset " + preset.id() + " has a dedicated loader");
        };
    }

    /** The preset's label meaning; {@link DatasetPreset#GENERIC} has none of its own. */
    public static LabelMeaning meaning(DatasetPreset preset) {
        return switch (preset) {
            case JUDGEBENCH -> JUDGEBENCH_LABELS;
            case AUTOJ -> AUTOJ_LABELS;
            case REWARDBENCH -> new LabelMeaning.ChosenRejected();
            default -> throw new IllegalArgumentException("preset " + preset.id()
                    + " has no label meaning of its own; --preset generic needs --label-meaning");
        };
    }

    /** The preset's layout with the default display-order seed. */
    public static LabelledDataset layout(DatasetPreset preset) {
        return new LabelledDataset(fields(preset), meaning(preset));
    }
}
