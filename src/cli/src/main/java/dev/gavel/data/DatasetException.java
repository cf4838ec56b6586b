package dev.gavel.data;

import dev.gavel.GavelException;

import java.nio.file.Path;

/**
 * A dataset or predictions file that cannot be read at all: missing, unreadable, not JSON, or not
 * a list of records. Problems confined to single records are reported as {@link Parsed.Error}
 * instead, so one bad record does not cost the rest of the file.
 */
public final class DatasetException extends GavelException {
    private final Path file;

    public DatasetException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public DatasetException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
