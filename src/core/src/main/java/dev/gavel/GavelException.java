package dev.gavel;

/**
 * Base of Gavel's checked exceptions: failures a caller can recover from (pick another model
 * file, shorten an input, retry later). Programming errors and misuse, such as calling a closed
 * judge, are unchecked ({@link IllegalStateException}, {@link IllegalArgumentException}).
 */
public class GavelException extends Exception {
    public GavelException(String message) {
        super(message);
    }

    public GavelException(String message, Throwable cause) {
        super(message, cause);
    }
}
