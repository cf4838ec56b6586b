package dev.gavel.spark;

import java.io.Serial;
import java.util.Objects;

/**
 * A Spark grading job cannot go on: the model file is missing or not the expected one, the judge
 * cannot be opened or broke, or the GPU setup cannot work. Thrown on the driver when the problem
 * is visible there (before any job runs), otherwise on an executor, where it fails the task, and
 * Spark reports it on the driver once the task has used its retries. A problem with one row never
 * raises this: it becomes that row's error.
 */
public class GavelSparkException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (retry later, fix the setup). */
    public enum Kind {
        /** The model file is not at the given path (on the driver or an executor). */
        MODEL_MISSING,
        /** The model file's SHA-256 is not the expected one. */
        MODEL_MISMATCH,
        /** The model file exists but the judge cannot be opened on it (bad GGUF, bad options). */
        MODEL_LOAD,
        /** The judge broke while grading (its engine failed or it was closed under the task). */
        JUDGE_FAILED,
        /** The GPU resources Spark assigned cannot be used as configured. */
        GPU_SETUP
    }

    private final Kind kind;

    public GavelSparkException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public GavelSparkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
