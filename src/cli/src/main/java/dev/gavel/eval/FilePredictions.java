package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import dev.gavel.data.ChosenRejectedPredictions;
import dev.gavel.data.DatasetException;
import dev.gavel.data.LabelMeaning;
import dev.gavel.data.LabelledDataset;
import dev.gavel.data.JsonRecords;
import dev.gavel.data.PandaLmPredictions;
import dev.gavel.data.Parsed;
import dev.gavel.data.Prediction;
import dev.gavel.data.PredictionFile;

import java.nio.file.Path;
import java.util.List;

/**
 * Predictions read from a file: Gavel's generic JSONL format ({@link PredictionFile}) or, for the
 * PandaLM preset, PandaLM's own published prediction files ({@code idx} + {@code <judge>_result}),
 * recognised by their fields.
 *
 * @param file the predictions file
 */
public record FilePredictions(Path file) implements PredictionSource {

    @Override
    public List<Parsed<Prediction>> predictions(DatasetPreset preset, Path dataset) throws DatasetException {
        if (LabelledPresets.isLabelled(preset)) {
            return predictions(preset, LabelledPresets.layout(preset), dataset);
        }
        if (preset == DatasetPreset.PANDALM && isPandaLmFormat()) {
            return PandaLmPredictions.load(file);
        }
        return PredictionFile.load(file, preset.predictionKind());
    }

    /**
     * Winner or score lines as the layout's label meaning asks; for chosen/rejected datasets also
     * the lines {@code gavel compare} writes for them, which say where the chosen response was
     * shown ({@link ChosenRejectedPredictions}).
     */
    @Override
    public List<Parsed<Prediction>> predictions(DatasetPreset preset, LabelledDataset layout, Path dataset)
            throws DatasetException {
        return switch (layout.meaning()) {
            case LabelMeaning.Score s -> PredictionFile.load(file, PredictionFile.Kind.SCORE);
            case LabelMeaning.Winner w -> PredictionFile.load(file, PredictionFile.Kind.WINNER);
            case LabelMeaning.ChosenRejected c -> ChosenRejectedPredictions.load(file, layout.orderSeed());
        };
    }

    @Override
    public String describe() {
        return file.getFileName().toString();
    }

    private boolean isPandaLmFormat() throws DatasetException {
        for (Parsed<JsonRecords.Source> p : JsonRecords.read(file)) {
            if (p instanceof Parsed.Ok<JsonRecords.Source> ok) {
                var node = ok.value().node();
                if (node.has("id")) {
                    return false;
                }
                for (var it = node.fieldNames(); it.hasNext(); ) {
                    if (it.next().endsWith("_result")) {
                        return node.has("idx");
                    }
                }
                return false;
            }
        }
        return false;
    }
}
