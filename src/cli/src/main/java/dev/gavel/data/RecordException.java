package dev.gavel.data;

/**
 * Thrown by a record mapper when one record has a missing or malformed field; {@link JsonRecords}
 * turns it into a {@link Parsed.Error} carrying the record's location.
 */
public final class RecordException extends RuntimeException {
    public RecordException(String message) {
        super(message);
    }
}
