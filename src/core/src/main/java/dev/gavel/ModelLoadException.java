package dev.gavel;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file cannot be loaded. Raised before any native code sees the file whenever the
 * problem can be detected in Java, so a bad file never takes the JVM down.
 */
public class ModelLoadException extends GavelException {

    /** Why a model file was refused. */
    public enum Reason {
        /** The file does not exist or cannot be read. */
        NOT_READABLE,
        /** The file does not start with the GGUF magic. */
        NOT_GGUF,
        /** The GGUF version is one this runtime does not read. */
        UNSUPPORTED_VERSION,
        /** The file ends before its header, metadata or tensor table does. */
        TRUNCATED,
        /** A header or metadata value is impossible (negative count, bad type, absurd size). */
        MALFORMED,
        /** The file holds a vocabulary but no weights. */
        NO_TENSORS,
        /** A tensor's data lies (partly) past the end of the file. */
        TENSOR_DATA_OUT_OF_BOUNDS,
        /** The model architecture is one the bundled llama.cpp cannot run (the list is {@code dev.gavel.gguf.LlamaCppArchitectures}). */
        UNSUPPORTED_ARCHITECTURE,
        /** The file's SHA-256 is not the one the caller said it must have. */
        CHECKSUM_MISMATCH,
        /** The native library refused the file after Java-side validation passed. */
        NATIVE_LOAD_FAILED
    }

    private final transient Path path;
    private final Reason reason;

    public ModelLoadException(Path path, Reason reason, String detail) {
        super(format(path, reason, detail));
        this.path = path;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ModelLoadException(Path path, Reason reason, String detail, Throwable cause) {
        super(format(path, reason, detail), cause);
        this.path = path;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String format(Path path, Reason reason, String detail) {
        String where = path == null ? "model" : path.toString();
        return "cannot load " + where + ": " + reason.name().toLowerCase().replace('_', ' ') + ": " + detail;
    }

    /** The file that was refused, or null when the model did not come from a file. */
    public Path path() {
        return path;
    }

    public Reason reason() {
        return reason;
    }
}
