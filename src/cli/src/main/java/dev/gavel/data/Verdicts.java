package dev.gavel.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** Reads pairwise verdicts in the spellings datasets and judges use: 1/2/0, "A"/"B", "tie". */
public final class Verdicts {
    private Verdicts() {
    }

    /**
     * The verdict in a field: 1 or "1"/"A" = first better, 2 or "2"/"B" = second better, 0 or
     * "0"/"tie" = tie.
     *
     * @throws RecordException when the field is missing or holds anything else
     */
    public static int pairwise(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException("missing field '" + field + "'");
        }
        int parsed = parse(v.isValueNode() ? v.asText() : "");
        if (parsed < 0) {
            throw new RecordException("field '" + field + "' must be 1, 2 or 0/tie, found " + v);
        }
        return parsed;
    }

    /** The verdict a text names, or -1 when it names none. */
    public static int parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "a" -> PairwiseItem.A_WINS;
            case "2", "b" -> PairwiseItem.B_WINS;
            case "0", "tie" -> PairwiseItem.TIE;
            default -> -1;
        };
    }
}
