package dev.gavel.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeTask;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import dev.gavel.StepRequest;
import dev.gavel.data.InputFields;
import dev.gavel.jobs.InputItem;
import dev.gavel.jobs.InputReader;
import dev.gavel.jobs.JudgmentRecords;
import dev.gavel.jobs.RubricJson;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.CompletableFuture;

/**
 * Everything an executor needs to grade rows, sent with each task: the task kind, the judge
 * options, the field names, the model and its expected digest. Rows become requests through the
 * CLI's {@link InputReader}, and judgments become records through the CLI's
 * {@link JudgmentRecords}, so a row's result equals the CLI's record for the same item.
 */
final class GradingSpec implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JudgeTask task;
    private final SerializableRecord<JudgeOptions> options;
    private final SerializableRecord<InputFields> fields;
    private final String rubricJson;
    private final String criterion;
    private final ModelFiles.Resolved model;
    private final int maxInFlight;
    private final String corruptRecordColumn;
    private final StructType outputSchema;
    private transient InputReader reader;
    private transient Rubric rubric;

    /**
     * @param rubric              one rubric for every row (absolute grading), or null for the rows' own
     * @param criterion           the criterion of pairwise rows that carry none, or null for the default
     * @param maxInFlight         requests one task keeps submitted to the judge
     * @param corruptRecordColumn the column where Spark's JSON reader puts unparsable records, or null
     */
    GradingSpec(JudgeTask task, JudgeOptions options, InputFields fields, Rubric rubric, String criterion,
                ModelFiles.Resolved model, int maxInFlight, String corruptRecordColumn) {
        this.task = task;
        this.options = SerializableRecord.of(options);
        this.fields = SerializableRecord.of(fields);
        this.rubricJson = rubric == null ? null : rubricJson(rubric);
        this.criterion = criterion;
        this.model = model;
        this.maxInFlight = maxInFlight;
        this.corruptRecordColumn = corruptRecordColumn;
        this.outputSchema = OutputSchema.of(task, options);
    }

    private static String rubricJson(Rubric rubric) {
        ObjectNode n = JSON.createObjectNode();
        n.put("criterion", rubric.criterion());
        n.put("min", rubric.min());
        rubric.descriptions().forEach(n.putArray("descriptions")::add);
        return n.toString();
    }

    JudgeTask task() {
        return task;
    }

    JudgeOptions options() {
        return options.get();
    }

    ModelFiles.Resolved model() {
        return model;
    }

    int maxInFlight() {
        return maxInFlight;
    }

    StructType outputSchema() {
        return outputSchema;
    }

    /** The item a row becomes: a request, or the reason it cannot be one. */
    InputItem<?> item(Row row, long index) {
        String where = Records.ROW + " " + index;
        ObjectNode node = RowJson.toJson(row);
        if (corruptRecordColumn != null) {
            JsonNode corrupt = node.remove(corruptRecordColumn);
            if (corrupt != null) {
                return InputItem.failed(null, where, "not valid JSON: Spark's reader could not parse this record");
            }
        }
        InputFields f = fields.get();
        if (task == JudgeTask.ABSOLUTE) {
            parseTextRubric(node, f.rubric());
        }
        return switch (task) {
            case ABSOLUTE -> reader().absolute(node, index, where, rubric());
            case PAIRWISE -> reader().pairwise(node, index, where, criterion);
            case STEPS -> reader().steps(node, index, where);
        };
    }

    /**
     * The id a row's item gets, or null when the row has none that can be read (a blank id, an
     * unparsable record): the CLI's id rule without mapping the whole row, for the duplicate check.
     */
    String id(Row row, long index) {
        if (corruptRecordColumn != null && hasValue(row, corruptRecordColumn)) {
            return null;
        }
        String idField = fields.get().id();
        ObjectNode idOnly = JSON.createObjectNode();
        if (!idField.isEmpty() && hasValue(row, idField)) {
            idOnly.set(idField, RowJson.column(row, idField));
        }
        // The reader settles the id before it looks at any other field, so a row holding only its id
        // gets the id the full row would get (and an error about the missing fields, ignored here).
        return switch (task) {
            case ABSOLUTE -> reader().absolute(idOnly, index, "", rubric()).id();
            case PAIRWISE -> reader().pairwise(idOnly, index, "", criterion).id();
            case STEPS -> reader().steps(idOnly, index, "").id();
        };
    }

    private static boolean hasValue(Row row, String column) {
        scala.Option<Object> i = row.schema().getFieldIndex(column);
        return i.isDefined() && !row.isNullAt((Integer) i.get());
    }

    /** A rubric column may hold the rubric's JSON as text (a SQL table's string column). */
    private static void parseTextRubric(ObjectNode node, String field) {
        JsonNode v = field.isEmpty() ? null : node.get(field);
        if (v != null && v.isTextual() && v.asText().stripLeading().startsWith("{")) {
            try {
                node.set(field, JSON.readTree(v.asText()));
            } catch (JsonProcessingException e) {
                // leave the text: the reader then says the rubric must be a JSON object
            }
        }
    }

    /** Judges one request and gives the verdict fields of its record. */
    CompletableFuture<ObjectNode> judge(Judge judge, Object request) {
        return switch (task) {
            case ABSOLUTE -> judge.gradeAsync((AbsoluteRequest) request).thenApply(JudgmentRecords::absolute);
            case PAIRWISE -> judge.compareAsync((PairwiseRequest) request).thenApply(JudgmentRecords::pairwise);
            case STEPS -> judge.judgeStepsAsync((StepRequest) request).thenApply(JudgmentRecords::steps);
        };
    }

    private InputReader reader() {
        if (reader == null) {
            reader = new InputReader(fields.get());
        }
        return reader;
    }

    private Rubric rubric() {
        if (rubric == null && rubricJson != null) {
            try {
                rubric = RubricJson.parse(JSON.readTree(rubricJson));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the rubric sent by the driver does not parse", e);
            }
        }
        return rubric;
    }
}
