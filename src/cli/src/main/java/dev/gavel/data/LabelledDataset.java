package dev.gavel.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A labelled dataset file read through a field layout and a label meaning, for datasets Gavel has
 * no dedicated loader for. Records with a missing or malformed field become per-record errors;
 * a label value the meaning does not define fails the whole load with a {@link DatasetException}
 * naming the line and the accepted values, because reading a dataset under the wrong meaning
 * would otherwise bias the result without a word.
 *
 * @param fields    where each part of an item is
 * @param meaning   what the label says
 * @param orderSeed the seed of the chosen/rejected display order ({@link ShownOrder})
 */
public record LabelledDataset(LabelledFields fields, LabelMeaning meaning, long orderSeed) {
    public LabelledDataset {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(meaning, "meaning");
    }

    /** A layout with the default display-order seed. */
    public LabelledDataset(LabelledFields fields, LabelMeaning meaning) {
        this(fields, meaning, ShownOrder.DEFAULT_SEED);
    }

    /** Whether the items are pairs (winner or chosen/rejected labels) rather than scored responses. */
    public boolean pairwise() {
        return !(meaning instanceof LabelMeaning.Score);
    }

    /**
     * Pairwise items. For chosen/rejected records, A and B are the two responses in their
     * {@linkplain ShownOrder shown order} and the label names whichever of them is the chosen one.
     *
     * @throws DatasetException when the file cannot be read, or a label value is not one the
     *                          meaning defines
     * @throws IllegalStateException when the meaning is a score
     */
    public List<Parsed<PairwiseItem>> pairwise(Path file) throws DatasetException {
        return switch (meaning) {
            case LabelMeaning.Score s -> throw new IllegalStateException("score labels give scored items, not pairs");
            case LabelMeaning.Winner w -> load(file, (node, id) -> new PairwiseItem(id, instruction(node),
                    optional(node, fields.input()), JsonRecords.text(node, fields.responseA()),
                    JsonRecords.text(node, fields.responseB()), w.verdict(node, fields.label()), category(node)));
            case LabelMeaning.ChosenRejected c -> load(file, (node, id) -> {
                String chosen = JsonRecords.text(node, fields.chosen());
                String rejected = JsonRecords.text(node, fields.rejected());
                boolean chosenFirst = ShownOrder.chosenFirst(orderSeed, id);
                return new PairwiseItem(id, instruction(node), optional(node, fields.input()),
                        chosenFirst ? chosen : rejected, chosenFirst ? rejected : chosen,
                        chosenFirst ? PairwiseItem.A_WINS : PairwiseItem.B_WINS, category(node));
            });
        };
    }

    /**
     * Scored items: the response and its numeric label.
     *
     * @throws DatasetException      when the file cannot be read
     * @throws IllegalStateException when the meaning is not a score
     */
    public List<Parsed<ScoredItem>> scored(Path file) throws DatasetException {
        if (pairwise()) {
            throw new IllegalStateException(meaning.name() + " gives pairs, not scored items");
        }
        return load(file, (node, id) -> {
            String input = optional(node, fields.input());
            String instruction = instruction(node);
            return new ScoredItem(id, InstructionText.withInput(instruction, input),
                    JsonRecords.text(node, fields.response()), JsonRecords.number(node, fields.label()), category(node));
        });
    }

    @FunctionalInterface
    private interface ItemMapper<T> {
        T map(JsonNode node, String id);
    }

    private <T> List<Parsed<T>> load(Path file, ItemMapper<T> mapper) throws DatasetException {
        List<Parsed<JsonRecords.Source>> records = JsonRecords.read(file);
        List<Parsed<T>> out = new ArrayList<>(records.size());
        Map<String, String> firstUse = new HashMap<>();
        for (Parsed<JsonRecords.Source> p : records) {
            switch (p) {
                case Parsed.Error<JsonRecords.Source> e -> out.add(new Parsed.Error<>(e.index(), e.where(), e.message()));
                case Parsed.Ok<JsonRecords.Source> ok -> {
                    String where = ok.value().where();
                    try {
                        String id = id(ok.value().node(), ok.index());
                        String first = firstUse.putIfAbsent(id, where);
                        if (first != null) {
                            throw new RecordException("duplicate id '" + id + "' (first used at " + first + ")");
                        }
                        out.add(new Parsed.Ok<>(ok.index(), mapper.map(ok.value().node(), id)));
                    } catch (UnknownLabelException e) {
                        throw new DatasetException(file, where + ": " + e.getMessage(), e);
                    } catch (RecordException | IllegalArgumentException e) {
                        // item records validate their invariants with IllegalArgumentException
                        out.add(new Parsed.Error<>(ok.index(), where, e.getMessage()));
                    }
                }
            }
        }
        return out;
    }

    /** The id field's text, or the 0-based record index when the layout or the record has none. */
    private String id(JsonNode node, int index) {
        if (fields.id().isEmpty() || !node.has(fields.id()) || node.get(fields.id()).isNull()) {
            return Integer.toString(index);
        }
        String id = JsonRecords.text(node, fields.id());
        if (id.isBlank()) {
            throw new RecordException("id field '" + fields.id() + "' is blank");
        }
        return id;
    }

    private String instruction(JsonNode node) {
        return JsonRecords.text(node, fields.instruction());
    }

    private String category(JsonNode node) {
        return optional(node, fields.category());
    }

    private static String optional(JsonNode node, String field) {
        return field.isEmpty() ? "" : JsonRecords.optionalText(node, field);
    }
}
