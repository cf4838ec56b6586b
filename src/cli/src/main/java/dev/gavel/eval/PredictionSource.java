package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import dev.gavel.data.DatasetException;
import dev.gavel.data.LabelledDataset;
import dev.gavel.data.Parsed;
import dev.gavel.data.Prediction;

import java.nio.file.Path;
import java.util.List;

/**
 * Where an evaluation's predictions come from: a predictions file ({@link FilePredictions}) or a
 * judge model run over the dataset ({@link JudgePredictions}).
 */
@FunctionalInterface
public interface PredictionSource {

    /**
     * The predictions for a benchmark's dataset, one per record, bad records as errors.
     *
     * @param preset  which benchmark; fixes the verdict kind (winner, step, score)
     * @param dataset the dataset file being evaluated
     */
    List<Parsed<Prediction>> predictions(DatasetPreset preset, Path dataset) throws DatasetException;

    /**
     * The predictions for a labelled dataset read through a field layout ({@link DatasetPreset#GENERIC}
     * and the benchmark presets read like it). By default the preset alone decides, which suits
     * sources that ignore the dataset's layout.
     *
     * @param layout how the dataset's records become items and what their labels mean
     */
    default List<Parsed<Prediction>> predictions(DatasetPreset preset, LabelledDataset layout, Path dataset)
            throws DatasetException {
        return predictions(preset, dataset);
    }

    /** Short description for reports, e.g. the predictions file name or the model name. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
