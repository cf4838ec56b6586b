package dev.gavel.spark;

/**
 * The values of a result row's {@code error_type} column: the same words the CLI writes in its
 * error records, so a filter or a report works on both.
 */
public enum ErrorType {
    /** The input row cannot become a request: a missing or bad field, unparsable JSON, a repeated id. */
    INPUT("input"),
    /** The request does not fit the judge's context (raise the context, or elide long responses). */
    INPUT_TOO_LONG("input_too_long"),
    /** The judge refused the request as invalid for its format (e.g. a 1-3 rubric for a 1-5 format). */
    INVALID_REQUEST("invalid_request"),
    /** The judge could not answer this request. */
    JUDGE("judge");

    private final String id;

    ErrorType(String id) {
        this.id = id;
    }

    /** The word in the {@code error_type} column. */
    public String id() {
        return id;
    }
}
