package dev.gavel.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of JSON objects, either one JSON array or JSON Lines, into one {@link Parsed} node
 * per record, and maps those nodes to typed records. The format is detected from the first
 * non-blank character, so callers never have to say which one a file uses.
 */
public final class JsonRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRecords() {
    }

    /**
     * One JSON object of a file and where it came from.
     *
     * @param where "record N" (0-based array element) or "line N" (1-based JSONL line)
     * @param node  the object
     */
    public record Source(String where, JsonNode node) {
    }

    /** Maps one JSON object to a record; throws {@link RecordException} for a bad field. */
    @FunctionalInterface
    public interface RecordMapper<T> {
        T map(JsonNode node, int index);
    }

    /**
     * Reads every record of a JSON array or JSON Lines file.
     *
     * @throws DatasetException if the file is missing or unreadable, or is a JSON array that does
     *                          not parse (one broken element makes the whole array unparseable)
     */
    public static List<Parsed<Source>> read(Path file) throws DatasetException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DatasetException(file, "file not found", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0; // a UTF-8 byte order mark, as Windows tools write
        int first = start;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first == bytes.length) {
            throw new DatasetException(file, "file is empty");
        }
        if (bytes[first] == '[') {
            int bad = invalidUtf8At(bytes, start, bytes.length);
            if (bad >= 0) {
                throw new DatasetException(file, String.format("not valid UTF-8 (byte 0x%02X at offset %d);"
                        + " save the file as UTF-8", bytes[bad] & 0xFF, bad));
            }
            return readArray(file, new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        }
        return readLines(bytes, start);
    }

    /**
     * Where the first byte sequence that is not UTF-8 starts in {@code b[from, to)}, or -1 when all
     * of it is UTF-8. Bad bytes are refused rather than replaced: replacing them would judge a
     * text that is not the one in the file.
     */
    private static int invalidUtf8At(byte[] b, int from, int to) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b, from, to - from);
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(in, java.nio.CharBuffer.allocate(to - from), true);
        return r.isError() ? in.position() : -1;
    }

    /** Reads a file and maps each record, keeping per-record errors. */
    public static <T> List<Parsed<T>> load(Path file, RecordMapper<T> mapper) throws DatasetException {
        return map(read(file), mapper);
    }

    /** Maps the records that parsed; earlier errors pass through unchanged. */
    public static <T> List<Parsed<T>> map(List<Parsed<Source>> nodes, RecordMapper<T> mapper) {
        List<Parsed<T>> out = new ArrayList<>(nodes.size());
        for (Parsed<Source> p : nodes) {
            switch (p) {
                case Parsed.Ok<Source> ok -> out.add(mapOne(ok, mapper));
                case Parsed.Error<Source> e -> out.add(new Parsed.Error<>(e.index(), e.where(), e.message()));
            }
        }
        return out;
    }

    private static <T> Parsed<T> mapOne(Parsed.Ok<Source> ok, RecordMapper<T> mapper) {
        try {
            return new Parsed.Ok<>(ok.index(), mapper.map(ok.value().node(), ok.index()));
        } catch (RecordException | IllegalArgumentException e) {
            // record constructors validate their invariants with IllegalArgumentException
            return new Parsed.Error<>(ok.index(), ok.value().where(), e.getMessage());
        }
    }

    private static List<Parsed<Source>> readArray(Path file, String text) throws DatasetException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DatasetException(file, "not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")", e);
        }
        List<Parsed<Source>> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            out.add(n.isObject()
                    ? new Parsed.Ok<>(i, new Source("record " + i, n))
                    : new Parsed.Error<>(i, "record " + i, "expected a JSON object, found " + n.getNodeType()));
        }
        return out;
    }

    /** JSON Lines: each line decoded on its own, so a line that is not UTF-8 is that line's error only. */
    private static List<Parsed<Source>> readLines(byte[] bytes, int start) {
        List<Parsed<Source>> out = new ArrayList<>();
        int line = 0;
        for (int from = start; from <= bytes.length; ) {
            int nl = from;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            int to = nl > from && bytes[nl - 1] == '\r' ? nl - 1 : nl;
            line++;
            int lineStart = from;
            from = nl + 1;
            int bad = invalidUtf8At(bytes, lineStart, to);
            if (bad >= 0) {
                out.add(new Parsed.Error<>(out.size(), "line " + line, String.format(
                        "not valid UTF-8 (byte 0x%02X at column %d); save the file as UTF-8",
                        bytes[bad] & 0xFF, bad - lineStart + 1)));
                continue;
            }
            String text = new String(bytes, lineStart, to - lineStart, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                continue;
            }
            int index = out.size();
            String where = "line " + line;
            try {
                JsonNode n = MAPPER.readTree(text);
                if (n != null && n.isObject()) {
                    out.add(new Parsed.Ok<>(index, new Source(where, n)));
                } else {
                    out.add(new Parsed.Error<>(index, where, "expected a JSON object, found "
                            + (n == null ? "nothing" : n.getNodeType())));
                }
            } catch (JsonProcessingException e) {
                out.add(new Parsed.Error<>(index, where, "not valid JSON: " + e.getOriginalMessage()));
            }
        }
        return out;
    }

    // ---- field access shared by the loaders: accept the spellings real files use ----

    /** A required field as text; numbers are accepted and rendered as text. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException("missing field '" + field + "'");
        }
        if (!v.isValueNode()) {
            throw new RecordException("field '" + field + "' must be text, found " + v.getNodeType());
        }
        return v.asText();
    }

    /** An optional text field; empty string when absent or null. */
    public static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? "" : v.asText();
    }

    /** A required integer, given either as a JSON integer or as a string holding one ("2"). */
    public static int integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException("missing field '" + field + "'");
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().strip());
            } catch (NumberFormatException e) {
                // fall through to the common message
            }
        }
        throw new RecordException("field '" + field + "' must be an integer, found " + v);
    }

    /** A required number, as a JSON number or a numeric string. */
    public static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException("missing field '" + field + "'");
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.asText().strip());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // fall through to the common message
            }
        }
        throw new RecordException("field '" + field + "' must be a number, found " + v);
    }

    /** A required boolean; also accepts the strings true/false in any case (Python dumps "True"). */
    public static boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException("missing field '" + field + "'");
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return v.asText().equalsIgnoreCase("true");
        }
        throw new RecordException("field '" + field + "' must be true or false, found " + v);
    }

    /** A required array of strings. */
    public static List<String> textList(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException("missing field '" + field + "'");
        }
        if (!v.isArray()) {
            throw new RecordException("field '" + field + "' must be an array, found " + v.getNodeType());
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new RecordException("field '" + field + "'[" + i + "] must be text, found " + v.get(i).getNodeType());
            }
            out.add(v.get(i).asText());
        }
        return List.copyOf(out);
    }
}
