package dev.gavel.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads any JSON Lines or JSON array file of items through a {@link FieldMapping}, for datasets
 * that have no dedicated loader.
 */
public final class GenericDataset {
    private GenericDataset() {
    }

    /** Pairwise items: responseA/responseB and a 1/2/0 label. */
    public static List<Parsed<PairwiseItem>> pairwise(Path file, FieldMapping f) throws DatasetException {
        if (f.responseB().isEmpty()) {
            throw new IllegalArgumentException("a pairwise mapping needs a responseB field");
        }
        return JsonRecords.load(file, (node, index) -> new PairwiseItem(id(node, f, index),
                JsonRecords.text(node, f.instruction()), optional(node, f.input()),
                JsonRecords.text(node, f.responseA()), JsonRecords.text(node, f.responseB()),
                Verdicts.pairwise(node, f.label()), optional(node, f.category())));
    }

    /** Scored items: responseA is the graded response and the label a numeric score. */
    public static List<Parsed<ScoredItem>> scored(Path file, FieldMapping f) throws DatasetException {
        return JsonRecords.load(file, (node, index) -> new ScoredItem(id(node, f, index),
                JsonRecords.text(node, f.instruction()), JsonRecords.text(node, f.responseA()),
                JsonRecords.number(node, f.label()), optional(node, f.category())));
    }

    private static String id(JsonNode node, FieldMapping f, int index) {
        return f.id().isEmpty() ? Integer.toString(index) : JsonRecords.text(node, f.id());
    }

    private static String optional(JsonNode node, String field) {
        return field.isEmpty() ? "" : JsonRecords.optionalText(node, field);
    }
}
