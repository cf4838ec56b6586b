package dev.gavel;

/**
 * A judge request could not be answered, for a reason the caller can act on (input too long for
 * the context, the engine failed on this request). Misuse, such as calling a closed judge, is
 * reported with {@link IllegalStateException} instead.
 */
public class JudgeException extends GavelException {
    public JudgeException(String message) {
        super(message);
    }

    public JudgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
