package dev.gavel.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How input records are identified in the output file, in one place so that writing a record and
 * reading it back on resume agree. A record is keyed by its id; a record without id, or whose id
 * duplicates an earlier one, is keyed by its input location ("line 13"), which it carries as
 * {@code "line": 13} or {@code "record": 12}.
 */
public final class OutputKeys {
    /** Output field of the item id. */
    public static final String ID = "id";
    /** Output field of the error message of a failed item. */
    public static final String ERROR = "error";
    /** Output field marking an item whose id repeats an earlier one. */
    public static final String DUPLICATE = "duplicate";

    private OutputKeys() {
    }

    /** The resume key of an item: its id, or its location when the id is absent or a duplicate. */
    public static String key(String id, String where, boolean duplicate) {
        return id == null || duplicate ? "@" + where : "id:" + id;
    }

    /** Adds the location fields ("line": N or "record": N) for an input location. */
    public static void putLocation(ObjectNode record, String where) {
        int space = where.indexOf(' ');
        if (space > 0) {
            try {
                record.put(where.substring(0, space), Integer.parseInt(where.substring(space + 1)));
                return;
            } catch (NumberFormatException e) {
                // fall through: keep the text as given
            }
        }
        record.put("where", where);
    }

    /**
     * The resume key of a record read back from the output file, or null when the record carries
     * neither an id nor a location.
     */
    public static String keyOf(JsonNode record) {
        JsonNode id = record.get(ID);
        boolean duplicate = record.path(DUPLICATE).asBoolean(false);
        String where = null;
        if (record.hasNonNull("line")) {
            where = "line " + record.get("line").asInt();
        } else if (record.hasNonNull("record")) {
            where = "record " + record.get("record").asInt();
        } else if (record.hasNonNull("where")) {
            where = record.get("where").asText();
        }
        boolean hasId = id != null && !id.isNull();
        if ((!hasId || duplicate) && where == null) {
            return null;
        }
        return key(hasId ? id.asText() : null, where, duplicate);
    }

    /** Whether a record read back from the output is an error record. */
    public static boolean isError(JsonNode record) {
        return record.hasNonNull(ERROR);
    }
}
