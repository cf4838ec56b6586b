package dev.gavel.gguf;

import dev.gavel.ModelLoadException;
import dev.gavel.ModelLoadException.Reason;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The parsed header of a GGUF file (versions 2 and 3): metadata, tensor table and where the
 * tensor data section starts. Tensor data itself is not read. Structural problems (bad magic,
 * unknown version, truncation, impossible counts, unknown types) are reported by {@link #read};
 * whether the file is a loadable model is {@link GgufValidator}'s question.
 */
public final class GgufFile {
    /** "GGUF" read as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    public static final int DEFAULT_ALIGNMENT = 32;
    public static final String KEY_ALIGNMENT = "general.alignment";
    public static final String KEY_ARCHITECTURE = "general.architecture";
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;
    /** Smallest tensor info: name length, n_dims, type, offset. */
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;
    /** Smallest key/value: key length, value type, one-byte value. */
    private static final int MIN_KV_BYTES = 8 + 4 + 1;

    private final Path path;
    private final long fileSize;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final List<GgufTensorInfo> tensors;
    private final int alignment;
    private final long headerSize;
    private final long dataStart;
    /** File position of each metadata value (after its type id), for re-reading raw bytes. */
    private final Map<String, Long> valueOffsets;

    private GgufFile(Path path, long fileSize, int version, Map<String, GgufValue> metadata,
                     List<GgufTensorInfo> tensors, int alignment, long headerSize, long dataStart,
                     Map<String, Long> valueOffsets) {
        this.path = path;
        this.fileSize = fileSize;
        this.version = version;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = List.copyOf(tensors);
        this.alignment = alignment;
        this.headerSize = headerSize;
        this.dataStart = dataStart;
        this.valueOffsets = Map.copyOf(valueOffsets);
    }

    /**
     * Parses the header, metadata and tensor table of a GGUF file.
     *
     * @throws ModelLoadException NOT_READABLE, NOT_GGUF, UNSUPPORTED_VERSION, TRUNCATED or MALFORMED
     */
    public static GgufFile read(Path path) throws ModelLoadException {
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException(path, Reason.NOT_READABLE, "no such regular file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return parse(path, new GgufInput(path, ch));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(path, Reason.NOT_READABLE, "no such file", e);
        } catch (IOException e) {
            throw new ModelLoadException(path, Reason.NOT_READABLE, String.valueOf(e.getMessage()), e);
        }
    }

    private static GgufFile parse(Path path, GgufInput in) throws ModelLoadException {
        if (in.size() < 4) {
            throw new ModelLoadException(path, Reason.NOT_GGUF, "file has " + in.size() + " bytes, too short for the GGUF magic");
        }
        int magic = in.i32();
        if (magic != MAGIC) {
            throw new ModelLoadException(path, Reason.NOT_GGUF, String.format(
                    "file starts with 0x%08x, not the GGUF magic \"GGUF\"", Integer.reverseBytes(magic)));
        }
        in.context("header");
        long version = in.u32();
        if (version != 2 && version != 3) {
            throw new ModelLoadException(path, Reason.UNSUPPORTED_VERSION,
                    "GGUF version " + version + "; only versions 2 and 3 are supported");
        }
        long tensorCount = in.i64();
        long kvCount = in.i64();
        in.checkCount(kvCount, MIN_KV_BYTES, "metadata key/value");

        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        Map<String, Long> valueOffsets = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            in.context("metadata entry " + i + " key");
            String key = in.string();
            in.context("metadata value of " + key);
            long typeId = in.u32();
            GgufValueType type = GgufValueType.byId(typeId).orElseThrow(() -> in.error(Reason.MALFORMED,
                    "metadata key " + key + " has unknown value type " + typeId));
            valueOffsets.put(key, in.position());
            GgufValue value = new GgufValue(type, readValue(in, type, key, 0));
            if (metadata.put(key, value) != null) {
                throw in.error(Reason.MALFORMED, "duplicate metadata key " + key);
            }
        }

        int alignment = DEFAULT_ALIGNMENT;
        GgufValue align = metadata.get(KEY_ALIGNMENT);
        if (align != null) {
            long a = align.type().isInteger() ? align.asLong() : -1;
            if (a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
                throw in.error(Reason.MALFORMED, KEY_ALIGNMENT + " must be a power of two, got " + align.value());
            }
            alignment = (int) a;
        }

        in.context("tensor table");
        in.checkCount(tensorCount, MIN_TENSOR_INFO_BYTES, "tensor");
        List<GgufTensorInfo> tensors = new ArrayList<>((int) tensorCount);
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            in.context("tensor info " + i);
            String name = in.string();
            in.context("tensor info " + i + " (" + name + ")");
            long nDims = in.u32();
            if (nDims > MAX_DIMS) {
                throw in.error(Reason.MALFORMED, "tensor " + name + " has " + nDims + " dimensions; at most " + MAX_DIMS);
            }
            long[] dims = new long[(int) nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                dims[d] = in.i64();
                if (dims[d] < 0) {
                    throw in.error(Reason.MALFORMED, "tensor " + name + " dimension " + d + " is negative");
                }
                try {
                    elements = Math.multiplyExact(elements, dims[d]);
                } catch (ArithmeticException e) {
                    throw in.error(Reason.MALFORMED, "tensor " + name + " element count overflows");
                }
            }
            long typeId = in.u32();
            GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> in.error(Reason.MALFORMED,
                    "tensor " + name + " has unknown ggml type " + typeId));
            if (nDims > 0 && dims[0] % type.blockSize() != 0) {
                throw in.error(Reason.MALFORMED, "tensor " + name + " row length " + dims[0]
                        + " is not a multiple of the " + type + " block size " + type.blockSize());
            }
            try {
                type.byteSize(dims);
            } catch (ArithmeticException e) {
                throw in.error(Reason.MALFORMED, "tensor " + name + " byte size overflows");
            }
            long offset = in.i64();
            if (offset < 0 || offset % alignment != 0) {
                throw in.error(Reason.MALFORMED, "tensor " + name + " offset " + Long.toUnsignedString(offset)
                        + " is not a multiple of the alignment " + alignment);
            }
            if (!names.add(name)) {
                throw in.error(Reason.MALFORMED, "duplicate tensor name " + name);
            }
            tensors.add(new GgufTensorInfo(name, dims, type, offset));
        }
        long end = in.position();
        long dataStart = (end + alignment - 1) / alignment * alignment;
        return new GgufFile(in.path(), in.size(), (int) version, metadata, tensors, alignment, end, dataStart,
                valueOffsets);
    }

    private static Object readValue(GgufInput in, GgufValueType type, String key, int depth) throws ModelLoadException {
        return switch (type) {
            case UINT8 -> in.u8();
            case INT8 -> in.i8();
            case UINT16 -> in.u16();
            case INT16 -> in.i16();
            case UINT32 -> in.u32();
            case INT32 -> in.i32();
            case UINT64, INT64 -> in.i64();
            case FLOAT32 -> in.f32();
            case FLOAT64 -> in.f64();
            case BOOL -> {
                int b = in.u8();
                if (b > 1) {
                    throw in.error(Reason.MALFORMED, "metadata key " + key + " has bool value " + b);
                }
                yield b == 1;
            }
            case STRING -> in.string();
            case ARRAY -> {
                // Nesting is bounded too: each level costs at least 12 bytes, but a deep chain
                // would still exhaust the stack before the file.
                if (depth > 16) {
                    throw in.error(Reason.MALFORMED, "metadata key " + key + " nests arrays deeper than 16");
                }
                long elemTypeId = in.u32();
                GgufValueType elemType = GgufValueType.byId(elemTypeId).orElseThrow(() -> in.error(
                        Reason.MALFORMED, "metadata array " + key + " has unknown element type " + elemTypeId));
                long count = in.i64();
                in.checkCount(count, elemType.minBytes(), "metadata array " + key + " element");
                List<Object> elements = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    elements.add(readValue(in, elemType, key, depth + 1));
                }
                yield new GgufArray(elemType, elements);
            }
        };
    }

    /**
     * The elements of a string-array value as the bytes stored in the file, read again from the
     * file: Java strings decode invalid UTF-8 to U+FFFD, so two different byte strings can come
     * out equal, and native code compares bytes.
     *
     * @throws ModelLoadException when the file cannot be read again or no longer matches
     */
    byte[][] rawStrings(String key) throws ModelLoadException {
        GgufArray array = getArray(key).filter(a -> a.elementType() == GgufValueType.STRING).orElseThrow(
                () -> new IllegalArgumentException(key + " is not a string array"));
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            GgufInput in = new GgufInput(path, ch);
            in.seek(valueOffsets.get(key));
            in.context("metadata value of " + key);
            long elemType = in.u32();
            long count = in.i64();
            if (elemType != GgufValueType.STRING.id() || count != array.size()) {
                throw new ModelLoadException(path, Reason.MALFORMED, "the file changed while it was being read ("
                        + key + " differs on a second read)");
            }
            byte[][] out = new byte[(int) count][];
            for (int i = 0; i < count; i++) {
                out[i] = in.stringBytes();
            }
            return out;
        } catch (IOException e) {
            throw new ModelLoadException(path, Reason.NOT_READABLE, String.valueOf(e.getMessage()), e);
        }
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /** GGUF format version (2 or 3). */
    public int version() {
        return version;
    }

    /** All metadata in file order. */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Data alignment ({@code general.alignment}, default 32). */
    public int alignment() {
        return alignment;
    }

    /** Bytes of header, metadata and tensor table, before the alignment padding. */
    public long headerSize() {
        return headerSize;
    }

    /** Absolute file offset where the tensor data section starts. */
    public long dataStart() {
        return dataStart;
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** A string value; empty when absent or not a string. */
    public Optional<String> getString(String key) {
        GgufValue v = metadata.get(key);
        return v != null && v.type() == GgufValueType.STRING ? Optional.of(v.asString()) : Optional.empty();
    }

    /** An integer value of any integer type; empty when absent or not an integer. */
    public OptionalLong getLong(String key) {
        GgufValue v = metadata.get(key);
        return v != null && v.type().isInteger() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }

    /** An integer value that fits an int; empty when absent, not an integer or out of range. */
    public Optional<Integer> getInt(String key) {
        OptionalLong l = getLong(key);
        return l.isPresent() && l.getAsLong() >= Integer.MIN_VALUE && l.getAsLong() <= Integer.MAX_VALUE
                ? Optional.of((int) l.getAsLong()) : Optional.empty();
    }

    /** A float32/float64 value; empty when absent or not a float. */
    public OptionalDouble getDouble(String key) {
        GgufValue v = metadata.get(key);
        return v != null && (v.type() == GgufValueType.FLOAT32 || v.type() == GgufValueType.FLOAT64)
                ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    public Optional<Boolean> getBool(String key) {
        GgufValue v = metadata.get(key);
        return v != null && v.type() == GgufValueType.BOOL ? Optional.of((Boolean) v.value()) : Optional.empty();
    }

    public Optional<GgufArray> getArray(String key) {
        GgufValue v = metadata.get(key);
        return v != null && v.type() == GgufValueType.ARRAY ? Optional.of(v.asArray()) : Optional.empty();
    }

    /** {@code general.architecture}, when present. */
    public Optional<String> architecture() {
        return getString(KEY_ARCHITECTURE);
    }
}
