package dev.gavel.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads PandaLM's human-annotated test set ({@code idx, instruction, input, response1, response2,
 * annotator1..3}, 0 = tie). The reference label is the annotators' majority vote, resolved as
 * PandaLM's own metrics script does, and the category is the record's {@code motivation_app}.
 */
public final class PandaLmTestset {
    private PandaLmTestset() {
    }

    public static List<Parsed<PairwiseItem>> load(Path file) throws DatasetException {
        return JsonRecords.load(file, (node, index) -> {
            int a1 = annotator(node, "annotator1");
            int a2 = annotator(node, "annotator2");
            int a3 = annotator(node, "annotator3");
            return new PairwiseItem(JsonRecords.text(node, "idx"), JsonRecords.text(node, "instruction"),
                    JsonRecords.optionalText(node, "input"), JsonRecords.text(node, "response1"),
                    JsonRecords.text(node, "response2"), majority(a1, a2, a3),
                    JsonRecords.optionalText(node, "motivation_app"));
        });
    }

    /**
     * The most frequent vote. On a three-way split the first annotator's vote wins: PandaLM counts
     * votes in a dict in insertion order and takes its max, which keeps the first of equal counts.
     * (The v1 test set happens to contain no three-way split, so this only matters for other files.)
     */
    public static int majority(int... votes) {
        if (votes.length == 0) {
            throw new IllegalArgumentException("no votes");
        }
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int v : votes) {
            counts.merge(v, 1, Integer::sum);
        }
        int best = votes[0];
        int bestCount = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    private static int annotator(com.fasterxml.jackson.databind.JsonNode node, String field) {
        int v = JsonRecords.integer(node, field);
        if (v < 0 || v > 2) {
            throw new RecordException("field '" + field + "' must be 0, 1 or 2, found " + v);
        }
        return v;
    }
}
