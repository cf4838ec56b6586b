package dev.gavel.jobs;

import java.util.Objects;

/**
 * One record of an input file, ready to judge or already known to be bad.
 *
 * @param id       the item's id (from the id field, else the 0-based record index); null when the
 *                 record is so broken that no id could be read
 * @param where    where the record sits: "line N" (JSON Lines, 1-based) or "record N" (JSON array,
 *                 0-based)
 * @param request  the request to judge, or null when {@code error} is set
 * @param error    what is wrong with the record, or null when it is good
 * @param duplicate whether an earlier record already used this id
 * @param <R>      the request type
 */
public record InputItem<R>(String id, String where, R request, String error, boolean duplicate) {
    public InputItem {
        Objects.requireNonNull(where, "where");
        if ((request == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of request and error must be set");
        }
    }

    /** A good record. */
    public static <R> InputItem<R> ok(String id, String where, R request) {
        return new InputItem<>(Objects.requireNonNull(id, "id"), where, request, null, false);
    }

    /** A bad record; {@code id} may be null when it could not be read. */
    public static <R> InputItem<R> failed(String id, String where, String error) {
        return new InputItem<>(id, where, null, error, false);
    }

    public boolean isOk() {
        return error == null;
    }

    /**
     * The key under which the output records this item as done. The id when it identifies the
     * item; the location when there is no id or the id is a duplicate, so that a bad record is
     * still accounted for exactly once across resumed runs.
     */
    public String resumeKey() {
        return OutputKeys.key(id, where, duplicate);
    }

    /** This item turned into an error because its id was already used earlier in the file. */
    InputItem<R> asDuplicate(String firstWhere) {
        return new InputItem<>(id, where, null, "duplicate id '" + id + "' (first used at " + firstWhere
                + "); ids must be unique so that --resume can tell records apart", true);
    }
}
