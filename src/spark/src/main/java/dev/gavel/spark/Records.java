package dev.gavel.spark;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.jobs.JudgeFailures;
import dev.gavel.jobs.OutputKeys;

/**
 * The output record of one input row, shaped as the CLI shapes its records: the id, then the
 * verdict fields of {@code JudgmentRecords} for a judged row, or the error fields for a row that
 * failed. The CLI names a failed record's place in its file ({@code "line": 12}); a Dataset row
 * has no line, so the place is its 0-based {@code row} index.
 */
final class Records {
    static final String ERROR = OutputKeys.ERROR;
    static final String ERROR_TYPE = "error_type";
    static final String ROW = "row";
    static final String DUPLICATE = OutputKeys.DUPLICATE;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Records() {
    }

    /** A judged row: its id followed by the judgment's fields. */
    static ObjectNode judged(String id, ObjectNode verdict) {
        ObjectNode record = NODES.objectNode();
        record.put(OutputKeys.ID, id);
        verdict.remove(OutputKeys.ID);
        record.setAll(verdict);
        return record;
    }

    /** A row that could not become a request; {@code id} is null when none could be read. */
    static ObjectNode inputError(String id, long row, String message, boolean duplicate) {
        ObjectNode record = error(id, row, message, ErrorType.INPUT);
        if (duplicate) {
            record.put(DUPLICATE, true);
        }
        return record;
    }

    /** A request the judge could not answer (see {@link #isItemFailure}). */
    static ObjectNode judgeError(String id, long row, Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return error(id, row, message, errorType(cause));
    }

    private static ObjectNode error(String id, long row, String message, ErrorType type) {
        ObjectNode record = NODES.objectNode();
        if (id == null) {
            record.putNull(OutputKeys.ID);
        } else {
            record.put(OutputKeys.ID, id);
        }
        record.put(ROW, row);
        record.put(ERROR, message);
        record.put(ERROR_TYPE, type.id());
        return record;
    }

    /**
     * Whether a failure belongs to the row (its request is too long or invalid) rather than to the
     * judge, by the CLI's batch rule ({@link JudgeFailures#isItemFailure}). Anything else means the
     * judge itself broke, which fails the task so that Spark runs it again on a fresh judge,
     * instead of writing error rows that a rerun would not repeat.
     */
    static boolean isItemFailure(Throwable cause) {
        return JudgeFailures.isItemFailure(cause);
    }

    /** The CLI's error type of the failure ({@link JudgeFailures#errorType}), as the column's enum. */
    private static ErrorType errorType(Throwable t) {
        String id = JudgeFailures.errorType(t);
        for (ErrorType type : ErrorType.values()) {
            if (type.id().equals(id)) {
                return type;
            }
        }
        throw new IllegalStateException("the CLI's error type '" + id + "' has no column value");
    }
}
