package dev.gavel.data;

import dev.gavel.GavelException;

/** A benchmark file whose content does not have the expected shape; the message names the record and field. */
public class DatasetFormatException extends GavelException {
    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
