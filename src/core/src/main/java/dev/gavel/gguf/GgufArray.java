package dev.gavel.gguf;

import java.util.List;
import java.util.Objects;

/**
 * A GGUF metadata array: every element has {@link #elementType()} and the Java representation
 * {@link GgufValue} documents for that type (nested arrays are {@link GgufArray}).
 */
public record GgufArray(GgufValueType elementType, List<?> elements) {

    public GgufArray {
        Objects.requireNonNull(elementType, "elementType");
        elements = List.copyOf(elements);
        for (Object e : elements) {
            if (!GgufValue.fits(elementType, e)) {
                throw new IllegalArgumentException("array element " + e + " does not fit " + elementType);
            }
        }
    }

    public int size() {
        return elements.size();
    }

    /** The elements as strings; fails unless this is a string array. */
    @SuppressWarnings("unchecked")
    public List<String> strings() {
        requireType(GgufValueType.STRING);
        return (List<String>) elements;
    }

    public long longAt(int i) {
        if (!elementType.isInteger()) {
            throw new IllegalStateException("not an integer array: " + elementType);
        }
        return ((Number) elements.get(i)).longValue();
    }

    private void requireType(GgufValueType t) {
        if (elementType != t) {
            throw new IllegalStateException("array of " + elementType + ", not " + t);
        }
    }
}
