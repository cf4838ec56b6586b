package dev.gavel.jobs;

import dev.gavel.data.InputFields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.AbsoluteRequest;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import dev.gavel.StepRequest;
import dev.gavel.data.DatasetException;
import dev.gavel.data.DatasetFormatException;
import dev.gavel.data.InstructionText;
import dev.gavel.data.JsonRecords;
import dev.gavel.data.Parsed;
import dev.gavel.data.PrometheusDataset;
import dev.gavel.data.RecordException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an input file (JSON Lines or one JSON array) into judging requests, one {@link InputItem}
 * per record. A record that cannot be read or lacks a field becomes an error item naming its
 * location and the problem; the other records are unaffected. Ids come from the id field, or the
 * 0-based record index when a record has none; a repeated id turns the later record into an error.
 */
public final class InputReader {
    /** Criterion for pairwise items that carry none and no --criterion was given. */
    public static final String DEFAULT_CRITERION =
            "Which response follows the instruction better: is it more helpful, accurate, honest and precise?";

    private final InputFields fields;

    public InputReader(InputFields fields) {
        this.fields = Objects.requireNonNull(fields, "fields");
    }

    /**
     * Absolute-grading items. Full Prometheus prompts (an instruction field starting with
     * "###Task Description:") are split into their parts; other records take instruction,
     * response and reference from their fields and the rubric from {@code rubric} when given,
     * else from the record's rubric object, else from prometheus-eval style top-level fields
     * ({@code criteria}, {@code score1_description} ...).
     *
     * @throws DatasetException when the file as a whole cannot be read
     */
    public List<InputItem<AbsoluteRequest>> absolute(Path file, Rubric rubric) throws DatasetException {
        return read(file, absoluteMapper(rubric));
    }

    /**
     * One absolute-grading record that did not come from a file (a Spark row, a message), mapped
     * exactly as {@link #absolute(Path, Rubric)} maps each record of a file. Duplicate ids are not
     * detected here: that needs all records.
     *
     * @param index the record's 0-based position, its id when it has none
     * @param where where the record sits, for error messages ("row 12")
     */
    public InputItem<AbsoluteRequest> absolute(JsonNode record, long index, String where, Rubric rubric) {
        return mapOne(record, index, where, absoluteMapper(rubric));
    }

    private Mapper<AbsoluteRequest> absoluteMapper(Rubric rubric) {
        return node -> {
            String instruction = JsonRecords.text(node, fields.instruction());
            if (PrometheusDataset.isFullPrompt(instruction) && !node.has(fields.response())) {
                AbsoluteRequest parsed;
                try {
                    parsed = PrometheusDataset.parseAbsolutePrompt(instruction);
                } catch (DatasetFormatException e) {
                    throw new RecordException(e.getMessage());
                }
                return rubric == null ? parsed
                        : new AbsoluteRequest(parsed.instruction(), parsed.response(), rubric,
                        parsed.referenceAnswer());
            }
            return new AbsoluteRequest(withInput(node, instruction), JsonRecords.text(node, fields.response()),
                    rubric != null ? rubric : recordRubric(node), optional(node, fields.reference()));
        };
    }

    /**
     * Pairwise items: instruction (plus input), response A and B, the record's criterion or else
     * {@code criterion}, and an optional reference answer.
     *
     * @throws DatasetException when the file as a whole cannot be read
     */
    public List<InputItem<PairwiseRequest>> pairwise(Path file, String criterion) throws DatasetException {
        return read(file, pairwiseMapper(criterion));
    }

    /** One pairwise record from elsewhere than a file, mapped as {@link #pairwise(Path, String)} maps a file's. */
    public InputItem<PairwiseRequest> pairwise(JsonNode record, long index, String where, String criterion) {
        return mapOne(record, index, where, pairwiseMapper(criterion));
    }

    private Mapper<PairwiseRequest> pairwiseMapper(String criterion) {
        String fallback = criterion == null || criterion.isBlank() ? DEFAULT_CRITERION : criterion;
        return node -> {
            String own = optional(node, fields.criterion());
            return new PairwiseRequest(withInput(node, JsonRecords.text(node, fields.instruction())),
                    JsonRecords.text(node, fields.responseA()), JsonRecords.text(node, fields.responseB()),
                    own != null ? own : fallback, optional(node, fields.reference()));
        };
    }

    /**
     * Step-checking items: the problem and its array of steps.
     *
     * @throws DatasetException when the file as a whole cannot be read
     */
    public List<InputItem<StepRequest>> steps(Path file) throws DatasetException {
        return read(file, stepsMapper());
    }

    /** One step-checking record from elsewhere than a file, mapped as {@link #steps(Path)} maps a file's. */
    public InputItem<StepRequest> steps(JsonNode record, long index, String where) {
        return mapOne(record, index, where, stepsMapper());
    }

    private Mapper<StepRequest> stepsMapper() {
        return node -> new StepRequest(JsonRecords.text(node, fields.instruction()),
                JsonRecords.textList(node, fields.steps()));
    }

    @FunctionalInterface
    private interface Mapper<R> {
        R map(JsonNode node);
    }

    private <R> List<InputItem<R>> read(Path file, Mapper<R> mapper) throws DatasetException {
        List<Parsed<JsonRecords.Source>> records = JsonRecords.read(file);
        List<InputItem<R>> out = new ArrayList<>(records.size());
        Map<String, String> firstUse = new HashMap<>();
        for (Parsed<JsonRecords.Source> p : records) {
            InputItem<R> item = switch (p) {
                case Parsed.Error<JsonRecords.Source> e -> InputItem.failed(null, e.where(), e.message());
                case Parsed.Ok<JsonRecords.Source> ok -> mapOne(ok.value().node(), ok.index(), ok.value().where(), mapper);
            };
            if (item.id() != null) {
                String first = firstUse.putIfAbsent(item.id(), item.where());
                if (first != null) {
                    item = item.asDuplicate(first);
                }
            }
            out.add(item);
        }
        return out;
    }

    private <R> InputItem<R> mapOne(JsonNode node, long index, String where, Mapper<R> mapper) {
        String id;
        try {
            id = id(node, index);
        } catch (RecordException e) {
            return InputItem.failed(null, where, e.getMessage());
        }
        try {
            return InputItem.ok(id, where, mapper.map(node));
        } catch (RecordException | IllegalArgumentException e) {
            return InputItem.failed(id, where, e.getMessage());
        }
    }

    private String id(JsonNode node, long index) {
        if (fields.id().isEmpty() || !node.has(fields.id()) || node.get(fields.id()).isNull()) {
            return Long.toString(index);
        }
        String id = JsonRecords.text(node, fields.id());
        if (id.isBlank()) {
            throw new RecordException("id field '" + fields.id() + "' is blank");
        }
        return id;
    }

    private String withInput(JsonNode node, String instruction) {
        return InstructionText.withInput(instruction, optional(node, fields.input()));
    }

    private Rubric recordRubric(JsonNode node) {
        JsonNode own = fields.rubric().isEmpty() ? null : node.get(fields.rubric());
        try {
            if (own != null && !own.isNull()) {
                return RubricJson.parse(own);
            }
            if (node.has("criteria") || node.has("score1_description")) {
                return RubricJson.parse(node);
            }
        } catch (IllegalArgumentException e) {
            throw new RecordException(e.getMessage());
        }
        throw new RecordException("no rubric: give the record a '" + fields.rubric()
                + "' object, or prometheus-eval style 'criteria' and 'score1_description'.. fields,"
                + " or pass --rubric FILE.json for all records");
    }

    /** An optional text field: null when the field name is empty, the field absent, null or blank. */
    private static String optional(JsonNode node, String field) {
        if (field.isEmpty()) {
            return null;
        }
        String v = JsonRecords.optionalText(node, field);
        return v.isBlank() ? null : v;
    }
}
