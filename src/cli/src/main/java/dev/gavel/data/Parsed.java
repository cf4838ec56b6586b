package dev.gavel.data;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of reading one record of a dataset or predictions file: either the value or an error
 * naming where the record sits and what is wrong with it. Loaders return one per record so that a
 * caller can report bad records and carry on with the good ones instead of losing the whole file.
 *
 * @param <T> the record type
 */
public sealed interface Parsed<T> {

    /** 0-based position of the record in its file (array element or non-blank JSONL line). */
    int index();

    /** A record that was read successfully. */
    record Ok<T>(int index, T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A record that could not be read.
     *
     * @param index   0-based record position
     * @param where   human-readable location, e.g. {@code "record 12"} or {@code "line 13"}
     * @param message what is wrong with it
     */
    record Error<T>(int index, String where, String message) implements Parsed<T> {
        public Error {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(message, "message");
        }

        /** Location and problem in one line, for logs and reports. */
        public String describe() {
            return where + ": " + message;
        }
    }

    /** The values of the records that were read successfully, in file order. */
    static <T> List<T> values(List<? extends Parsed<T>> parsed) {
        return parsed.stream().<T>mapMulti((p, sink) -> {
            if (p instanceof Ok<T> ok) {
                sink.accept(ok.value());
            }
        }).toList();
    }

    /** The records that could not be read, in file order. */
    static <T> List<Error<T>> errors(List<? extends Parsed<T>> parsed) {
        return parsed.stream().<Error<T>>mapMulti((p, sink) -> {
            if (p instanceof Error<T> e) {
                sink.accept(e);
            }
        }).toList();
    }
}
