package dev.gavel.gguf;

import java.util.List;
import java.util.Objects;

/**
 * One typed GGUF metadata value. The Java representation of {@link #value()} depends on the
 * type: UINT8, INT8, UINT16, INT16 and INT32 are {@link Integer}; UINT32 and INT64 are
 * {@link Long}; UINT64 is a {@link Long} holding the raw 64 bits; FLOAT32 is {@link Float};
 * FLOAT64 is {@link Double}; BOOL is {@link Boolean}; STRING is {@link String}; ARRAY is
 * {@link GgufArray}. The type is kept beside the value so a file can be rewritten byte-exactly.
 */
public record GgufValue(GgufValueType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (!fits(type, value)) {
            throw new IllegalArgumentException("value " + value + " (" + value.getClass().getSimpleName()
                    + ") does not fit GGUF type " + type);
        }
    }

    static boolean fits(GgufValueType type, Object v) {
        return switch (type) {
            case UINT8 -> v instanceof Integer i && i >= 0 && i <= 0xFF;
            case INT8 -> v instanceof Integer i && i >= Byte.MIN_VALUE && i <= Byte.MAX_VALUE;
            case UINT16 -> v instanceof Integer i && i >= 0 && i <= 0xFFFF;
            case INT16 -> v instanceof Integer i && i >= Short.MIN_VALUE && i <= Short.MAX_VALUE;
            case INT32 -> v instanceof Integer;
            case UINT32 -> v instanceof Long l && l >= 0 && l <= 0xFFFF_FFFFL;
            case INT64, UINT64 -> v instanceof Long;
            case FLOAT32 -> v instanceof Float;
            case FLOAT64 -> v instanceof Double;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case ARRAY -> v instanceof GgufArray;
        };
    }

    public static GgufValue ofString(String s) {
        return new GgufValue(GgufValueType.STRING, s);
    }

    public static GgufValue ofUInt32(long v) {
        return new GgufValue(GgufValueType.UINT32, v);
    }

    public static GgufValue ofInt32(int v) {
        return new GgufValue(GgufValueType.INT32, v);
    }

    public static GgufValue ofUInt64(long v) {
        return new GgufValue(GgufValueType.UINT64, v);
    }

    public static GgufValue ofFloat32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, v);
    }

    public static GgufValue ofBool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, v);
    }

    public static GgufValue ofArray(GgufValueType elementType, List<?> elements) {
        return new GgufValue(GgufValueType.ARRAY, new GgufArray(elementType, elements));
    }

    /** Integer value of any integer type (UINT64 above 2^63 comes back negative). */
    public long asLong() {
        if (!type.isInteger()) {
            throw new IllegalStateException("not an integer: " + type);
        }
        return ((Number) value).longValue();
    }

    public double asDouble() {
        if (!(value instanceof Number n) || type == GgufValueType.BOOL) {
            throw new IllegalStateException("not a number: " + type);
        }
        return n.doubleValue();
    }

    public String asString() {
        if (type != GgufValueType.STRING) {
            throw new IllegalStateException("not a string: " + type);
        }
        return (String) value;
    }

    public GgufArray asArray() {
        if (type != GgufValueType.ARRAY) {
            throw new IllegalStateException("not an array: " + type);
        }
        return (GgufArray) value;
    }
}
