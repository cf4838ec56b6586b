package dev.gavel;

/** Argument checks shared by the request records, so their messages read alike. */
final class Requests {
    private Requests() {
    }

    static void requireNonNull(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
    }

    static void requireText(String field, String value) {
        requireNonNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    static void requireOptionalText(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must be null (none) or non-blank, got blank text");
        }
    }
}
