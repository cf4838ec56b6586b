package dev.gavel.jobs;

import dev.gavel.GavelException;

/** The output file cannot be opened, resumed or written; the message says what to do about it. */
public final class OutputException extends GavelException {
    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
