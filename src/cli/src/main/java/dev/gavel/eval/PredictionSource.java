package dev.gavel.eval;

import dev.gavel.data.DatasetException;
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
    List<Parsed<Prediction>> predictions(Preset preset, Path dataset) throws DatasetException;

    /** Short description for reports, e.g. the predictions file name or the model name. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
