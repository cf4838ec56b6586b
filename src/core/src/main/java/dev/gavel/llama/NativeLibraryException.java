package dev.gavel.llama;

/**
 * The native llama.cpp library cannot be found, extracted, or accepted (missing symbols, an ABI
 * that does not match llama.cpp b4916). Unchecked: without the library nothing in Gavel can run,
 * and the message says what to do.
 */
public final class NativeLibraryException extends RuntimeException {
    public NativeLibraryException(String message) {
        super(message);
    }

    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
