package dev.gavel.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads Gavel's generic predictions format: JSON Lines (or a JSON array) of objects
 * <pre>
 *   {"id": "17", "winner": 1}                  pairwise; 1, 2, 0 or "A", "B", "tie"
 *   {"id": "17", "winner": 2, "swapped": true} same item judged with the responses shown reversed;
 *                                              the winner still names the dataset's response
 *   {"id": "gsm8k-3", "step": 2}               index of the first wrong step, -1 for none
 *   {"id": "41", "score": 4}                   direct-assessment score
 * </pre>
 * Optional on every line: {@code "probs": {"1": 0.1, ..., "5": 0.6}} (probability per label, for
 * calibration) and {@code "unparsed": true} (the judge's output could not be read; the line is
 * kept so that it is counted, and excluded from the metrics).
 *
 * <p>{@code gavel compare}'s own output is read too: a record with a {@code forward} block (and a
 * {@code reversed} one when both orders ran) gives one prediction per order, from each block's
 * {@code winner} and {@code probability_a}, which name the record's own responses in both blocks;
 * so positional consistency is measured, as when {@code gavel eval --model} runs the judge.
 */
public final class PredictionFile {
    /** Which field carries the verdict. */
    public enum Kind {
        WINNER("winner"), STEP("step"), SCORE("score");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        /** JSON field name of the verdict. */
        public String field() {
            return field;
        }
    }

    private PredictionFile() {
    }

    public static List<Parsed<Prediction>> load(Path file, Kind kind) throws DatasetException {
        List<Parsed<JsonRecords.Source>> records = JsonRecords.read(file);
        if (kind != Kind.WINNER) {
            return JsonRecords.map(records, (node, index) -> read(node, kind));
        }
        List<Parsed<Prediction>> out = new ArrayList<>(records.size());
        for (Parsed<JsonRecords.Source> p : records) {
            if (p instanceof Parsed.Ok<JsonRecords.Source> ok && ok.value().node().path("forward").isObject()) {
                out.addAll(JsonRecords.map(List.of(p), (node, index) -> order(node, "forward", false)));
                if (ok.value().node().path("reversed").isObject()) {
                    out.addAll(JsonRecords.map(List.of(p), (node, index) -> order(node, "reversed", true)));
                }
            } else {
                out.addAll(JsonRecords.map(List.of(p), (node, index) -> read(node, kind)));
            }
        }
        return out;
    }

    /** One presentation order of a {@code gavel compare} record. */
    private static Prediction order(JsonNode record, String block, boolean swapped) {
        JsonNode order = record.get(block);
        double probabilityA = JsonRecords.number(order, "probability_a");
        return new Prediction(JsonRecords.text(record, "id"), Verdicts.pairwise(order, "winner"), swapped,
                Map.of(Integer.toString(PairwiseItem.A_WINS), probabilityA,
                        Integer.toString(PairwiseItem.B_WINS), 1 - probabilityA), false);
    }

    static Prediction read(JsonNode node, Kind kind) {
        String id = JsonRecords.text(node, "id");
        boolean swapped = node.has("swapped") && JsonRecords.bool(node, "swapped");
        boolean unparsed = node.has("unparsed") && JsonRecords.bool(node, "unparsed");
        Map<String, Double> probs = distribution(node);
        if (unparsed) {
            return new Prediction(id, 0, swapped, probs, true);
        }
        double value = switch (kind) {
            case WINNER -> Verdicts.pairwise(node, kind.field());
            case STEP -> {
                int step = JsonRecords.integer(node, kind.field());
                if (step < -1) {
                    throw new RecordException("field 'step' must be -1 or a step index, found " + step);
                }
                yield step;
            }
            case SCORE -> JsonRecords.number(node, kind.field());
        };
        return new Prediction(id, value, swapped, probs, false);
    }

    private static Map<String, Double> distribution(JsonNode node) {
        JsonNode p = node.get("probs");
        if (p == null || p.isNull()) {
            return Map.of();
        }
        if (!p.isObject()) {
            throw new RecordException("field 'probs' must be an object of label -> probability");
        }
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (!e.getValue().isNumber() || e.getValue().doubleValue() < 0 || e.getValue().doubleValue() > 1) {
                throw new RecordException("probs['" + e.getKey() + "'] must be a number in [0, 1], found " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return out;
    }
}
