package dev.gavel.eval;

import dev.gavel.data.DatasetException;
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
    public List<Parsed<Prediction>> predictions(Preset preset, Path dataset) throws DatasetException {
        if (preset == Preset.PANDALM && isPandaLmFormat()) {
            return PandaLmPredictions.load(file);
        }
        return PredictionFile.load(file, preset.predictionKind());
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
