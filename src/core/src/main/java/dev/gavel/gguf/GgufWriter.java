package dev.gavel.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a GGUF v3 file: metadata, tensor table, then each tensor's data at its aligned offset.
 * Tensor data is pulled from {@link TensorData} sources one at a time while writing, so files
 * much larger than the heap (a 7B model) can be produced.
 *
 * <pre>{@code
 * new GgufWriter()
 *     .putString("general.architecture", "llama")
 *     .addTensor("token_embd.weight", GgmlType.F32, new long[] {64, 512}, TensorData.ofFloats(w))
 *     .write(path);
 * }</pre>
 */
public final class GgufWriter {
    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private int alignment = GgufFile.DEFAULT_ALIGNMENT;

    private record PendingTensor(String name, GgmlType type, long[] dims, long size, TensorData data) {
    }

    /**
     * Sets the data alignment and records it as {@code general.alignment} unless it is the
     * default.
     */
    public GgufWriter alignment(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        this.alignment = alignment;
        if (alignment == GgufFile.DEFAULT_ALIGNMENT) {
            metadata.remove(GgufFile.KEY_ALIGNMENT);
        } else {
            metadata.put(GgufFile.KEY_ALIGNMENT, GgufValue.ofUInt32(alignment));
        }
        return this;
    }

    /** Adds or replaces a metadata value; keys keep their first insertion order. */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key");
        metadata.put(key, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Adds every entry of a map (e.g. all {@code tokenizer.*} keys of another file). */
    public GgufWriter putAll(Map<String, GgufValue> values) {
        values.forEach(this::put);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.ofString(value));
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValue.ofUInt32(value));
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValue.ofInt32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.ofFloat32(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.ofBool(value));
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        return put(key, GgufValue.ofArray(GgufValueType.STRING, values));
    }

    public GgufWriter putArray(String key, GgufValueType elementType, List<?> values) {
        return put(key, GgufValue.ofArray(elementType, values));
    }

    /**
     * Declares a tensor; its data is requested from {@code data} when {@link #write} reaches it.
     *
     * @param dims ggml order: dims[0] is the row length and must be a whole number of blocks
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorData data) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (dims.length == 0 || dims.length > GgufFile.MAX_DIMS) {
            throw new IllegalArgumentException("tensor " + name + " must have 1.." + GgufFile.MAX_DIMS + " dims");
        }
        for (long d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor " + name + " has a non-positive dimension");
            }
        }
        if (tensors.stream().anyMatch(t -> t.name.equals(name))) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        tensors.add(new PendingTensor(name, type, dims.clone(), type.byteSize(dims), data));
        return this;
    }

    /** Writes the file, replacing any existing one. */
    public void write(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Output out = new Output(ch)) {
            out.i32(GgufFile.MAGIC);
            out.i32(3);
            out.i64(tensors.size());
            out.i64(metadata.size());
            for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
                out.string(e.getKey());
                out.i32(e.getValue().type().id());
                writeValue(out, e.getValue().type(), e.getValue().value());
            }
            long offset = 0;
            List<Long> offsets = new ArrayList<>();
            for (PendingTensor t : tensors) {
                out.string(t.name);
                out.i32(t.dims.length);
                for (long d : t.dims) {
                    out.i64(d);
                }
                out.i32(t.type.id());
                out.i64(offset);
                offsets.add(offset);
                offset = align(offset + t.size);
            }
            out.pad(align(out.position()) - out.position());
            long dataStart = out.position();
            for (int i = 0; i < tensors.size(); i++) {
                PendingTensor t = tensors.get(i);
                out.pad(dataStart + offsets.get(i) - out.position());
                long before = out.position();
                t.data.writeTo(out);
                long written = out.position() - before;
                if (written != t.size) {
                    throw new IOException("tensor " + t.name + " wrote " + written + " bytes, expected " + t.size);
                }
            }
            out.pad(align(out.position() - dataStart) + dataStart - out.position());
        }
    }

    private long align(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private static void writeValue(Output out, GgufValueType type, Object v) throws IOException {
        switch (type) {
            case UINT8, INT8 -> out.i8((Integer) v);
            case UINT16, INT16 -> out.i16((Integer) v);
            case INT32 -> out.i32((Integer) v);
            case UINT32 -> out.i32((int) (long) (Long) v);
            case UINT64, INT64 -> out.i64((Long) v);
            case FLOAT32 -> out.f32((Float) v);
            case FLOAT64 -> out.f64((Double) v);
            case BOOL -> out.i8((Boolean) v ? 1 : 0);
            case STRING -> out.string((String) v);
            case ARRAY -> {
                GgufArray a = (GgufArray) v;
                out.i32(a.elementType().id());
                out.i64(a.size());
                for (Object e : a.elements()) {
                    writeValue(out, a.elementType(), e);
                }
            }
        }
    }

    /** Buffered little-endian output that tensor sources write through as a channel. */
    private static final class Output implements WritableByteChannel {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long flushed;
        private boolean open = true;

        Output(FileChannel ch) {
            this.ch = ch;
        }

        long position() {
            return flushed + buf.position();
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        private void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                flushed += ch.write(buf);
            }
            buf.clear();
        }

        void i8(int v) throws IOException {
            room(1);
            buf.put((byte) v);
        }

        void i16(int v) throws IOException {
            room(2);
            buf.putShort((short) v);
        }

        void i32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void i64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void f32(float v) throws IOException {
            room(4);
            buf.putFloat(v);
        }

        void f64(double v) throws IOException {
            room(8);
            buf.putDouble(v);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            write(ByteBuffer.wrap(b));
        }

        void pad(long n) throws IOException {
            for (long i = 0; i < n; i++) {
                i8(0);
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (n > buf.capacity() / 2) {
                // Large chunks bypass the buffer to avoid a copy.
                flush();
                while (src.hasRemaining()) {
                    flushed += ch.write(src);
                }
                return n;
            }
            room(n);
            buf.put(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            if (open) {
                flush();
                open = false;
            }
        }
    }
}
