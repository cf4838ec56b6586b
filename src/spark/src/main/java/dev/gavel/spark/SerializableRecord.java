package dev.gavel.spark;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Carries one of Gavel's option records ({@code JudgeOptions}, {@code InputFields}) from the
 * driver to the executors. Those records are plain values but not {@link Serializable}; this
 * holder stores their components and rebuilds the record through its canonical constructor, so
 * the record's own validation runs again on the executor and a component added to the record
 * later travels without a change here. Components may be strings, primitives, enums, paths
 * (sent as text) and lists of strings.
 *
 * @param <T> the record type
 */
final class SerializableRecord<T extends Record> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final Serializable[] values;
    private transient T value;

    private SerializableRecord(Class<T> type, Serializable[] values, T value) {
        this.type = type;
        this.values = values;
        this.value = value;
    }

    /**
     * Wraps a record.
     *
     * @throws IllegalArgumentException when a component has a type that cannot travel
     */
    @SuppressWarnings("unchecked")
    static <T extends Record> SerializableRecord<T> of(T record) {
        Objects.requireNonNull(record, "record");
        Class<T> type = (Class<T>) record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Serializable[] values = new Serializable[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = encode(components[i], read(components[i], record));
        }
        return new SerializableRecord<>(type, values, record);
    }

    /** The record, rebuilt on first use after deserialization. */
    T get() {
        if (value == null) {
            value = rebuild();
        }
        return value;
    }

    private T rebuild() {
        RecordComponent[] components = type.getRecordComponents();
        if (components.length != values.length) {
            throw new IllegalStateException(type.getName() + " has " + components.length + " components on this JVM but "
                    + values.length + " were sent: the driver and the executors run different Gavel versions");
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] args = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            args[i] = types[i] == Path.class && values[i] != null ? Path.of((String) values[i]) : values[i];
        }
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getName() + ": " + e, e);
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component + ": " + e, e);
        }
    }

    private static Serializable encode(RecordComponent component, Object v) {
        return switch (v) {
            case null -> null;
            case Path p -> p.toString();
            case String s -> s;
            case Enum<?> e -> e;
            case Number n -> (Serializable) n;
            case Boolean b -> b;
            case List<?> list when list.stream().allMatch(String.class::isInstance) -> (Serializable) List.copyOf(list);
            default -> throw new IllegalArgumentException("cannot send " + component + " of type "
                    + v.getClass().getName() + " to the executors");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializableRecord<?> other && get().equals(other.get());
    }

    @Override
    public int hashCode() {
        return get().hashCode();
    }

    @Override
    public String toString() {
        return get().toString();
    }
}
