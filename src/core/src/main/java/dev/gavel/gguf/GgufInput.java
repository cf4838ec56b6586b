package dev.gavel.gguf;

import dev.gavel.ModelLoadException;
import dev.gavel.ModelLoadException.Reason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Little-endian, bounds-checked sequential reads from a file channel. Every length read from the
 * file is checked against the bytes that remain before anything is allocated, so a corrupt or
 * hostile count ends in a {@link ModelLoadException}, never an OutOfMemoryError.
 */
final class GgufInput {
    /** Lengths beyond this cannot be a Java string or array, whatever the file size. */
    static final long MAX_JAVA_LENGTH = Integer.MAX_VALUE - 16;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    /** File position of buf's position 0. */
    private long bufStart;
    private String context = "header";

    GgufInput(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
        buf.limit(0);
    }

    long size() {
        return size;
    }

    long position() {
        return bufStart + buf.position();
    }

    long remaining() {
        return size - position();
    }

    /** Continues reading at an absolute file position. */
    void seek(long position) {
        bufStart = position;
        buf.clear().limit(0);
    }

    /** Names what is being read, for error messages about truncation. */
    void context(String what) {
        this.context = what;
    }

    Path path() {
        return path;
    }

    ModelLoadException error(Reason reason, String detail) {
        return new ModelLoadException(path, reason, detail + " (at byte " + position() + ", file size " + size + ")");
    }

    private void need(int n) throws ModelLoadException {
        if (buf.remaining() >= n) {
            return;
        }
        if (remaining() < n) {
            throw error(Reason.TRUNCATED, "file ends inside " + context + ": needs " + n + " more bytes, "
                    + remaining() + " left");
        }
        long pos = position();
        buf.compact();
        bufStart = pos;
        try {
            while (buf.position() < n) {
                int r = channel.read(buf, bufStart + buf.position());
                if (r < 0) {
                    throw new ModelLoadException(path, Reason.TRUNCATED, "file ends inside " + context
                            + " (file shrank while being read)");
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException(path, Reason.NOT_READABLE, e.getMessage(), e);
        }
        buf.flip();
    }

    int u8() throws ModelLoadException {
        need(1);
        return buf.get() & 0xFF;
    }

    int i8() throws ModelLoadException {
        need(1);
        return buf.get();
    }

    int u16() throws ModelLoadException {
        need(2);
        return buf.getShort() & 0xFFFF;
    }

    int i16() throws ModelLoadException {
        need(2);
        return buf.getShort();
    }

    int i32() throws ModelLoadException {
        need(4);
        return buf.getInt();
    }

    long u32() throws ModelLoadException {
        return i32() & 0xFFFF_FFFFL;
    }

    long i64() throws ModelLoadException {
        need(8);
        return buf.getLong();
    }

    float f32() throws ModelLoadException {
        need(4);
        return buf.getFloat();
    }

    double f64() throws ModelLoadException {
        need(8);
        return buf.getDouble();
    }

    /**
     * Checks that {@code count} items of at least {@code minBytes} each can still be in the file:
     * MALFORMED when no Java structure could hold them, TRUNCATED when the file is too short.
     */
    void checkCount(long count, int minBytes, String what) throws ModelLoadException {
        if (count < 0 || count > MAX_JAVA_LENGTH) {
            throw error(Reason.MALFORMED, what + " count " + Long.toUnsignedString(count) + " is absurd");
        }
        if (count * minBytes > remaining()) {
            throw error(Reason.TRUNCATED, what + " count " + count + " needs at least " + count * minBytes
                    + " bytes but only " + remaining() + " remain");
        }
    }

    String string() throws ModelLoadException {
        return new String(stringBytes(), StandardCharsets.UTF_8);
    }

    /** A string's bytes as stored, for comparisons that must not go through UTF-8 decoding. */
    byte[] stringBytes() throws ModelLoadException {
        long len = i64();
        checkCount(len, 1, context + " string length");
        byte[] bytes = new byte[(int) len];
        int done = 0;
        while (done < bytes.length) {
            need(1);
            int n = Math.min(buf.remaining(), bytes.length - done);
            buf.get(bytes, done, n);
            done += n;
        }
        return bytes;
    }
}
