package dev.gavel.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loads PandaLM's published prediction files ({@code idx} plus a {@code <judge>_result} field,
 * e.g. {@code gpt_result} or {@code pandalm_result}, holding 1, 2, 0, "Tie" or "garbage").
 *
 * <p>PandaLM's metrics script maps "Tie", "tie" and "garbage" (an answer it could not parse) to 0,
 * i.e. an unparseable answer counts as a tie prediction. That convention is part of its published
 * figures, so it is kept here; such predictions are marked {@link Prediction#unparsed()} so that
 * reports can count them.
 */
public final class PandaLmPredictions {
    private PandaLmPredictions() {
    }

    public static List<Parsed<Prediction>> load(Path file) throws DatasetException {
        return JsonRecords.load(file, (node, index) -> {
            String field = resultField(node);
            JsonNode v = node.get(field);
            String raw = v.isValueNode() ? v.asText().strip() : "";
            String id = JsonRecords.text(node, "idx");
            if (raw.equalsIgnoreCase("garbage")) {
                return new Prediction(id, PairwiseItem.TIE, false, Map.of(), true);
            }
            int verdict = Verdicts.parse(raw);
            if (verdict < 0) {
                throw new RecordException("field '" + field + "' must be 1, 2, 0, Tie or garbage, found " + v);
            }
            return Prediction.of(id, verdict);
        });
    }

    private static String resultField(JsonNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.endsWith("_result")) {
                return name;
            }
        }
        throw new RecordException("no '<judge>_result' field");
    }
}
