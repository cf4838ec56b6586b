package dev.gavel.gguf;

import dev.gavel.ModelLoadException;
import dev.gavel.ModelLoadException.Reason;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufValidatorTest {

    @TempDir
    Path dir;

    private static ModelLoadException refuse(Path p, Reason expected) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> GgufValidator.validate(p));
        assertEquals(expected, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(expected.name().toLowerCase().replace('_', ' ')), e.getMessage());
        return e;
    }

    @Test
    void vocabularyOnlyFileHasNoTensors() {
        ModelLoadException e = refuse(SharedFixtures.model("ggml-vocab-phi-3.gguf"), Reason.NO_TENSORS);
        assertTrue(e.getMessage().contains("ggml-vocab-phi-3.gguf"), e.getMessage());
    }

    @Test
    void randomBytesAndTextAreNotGguf() throws IOException {
        byte[] random = new byte[1024];
        new Random(1).nextBytes(random);
        random[0] = 'X';
        Path r = Files.write(dir.resolve("random.gguf"), random);
        refuse(r, Reason.NOT_GGUF);
        Path t = Files.writeString(dir.resolve("model.gguf"), "this is a text file, not a model\n");
        refuse(t, Reason.NOT_GGUF);
        refuse(Files.write(dir.resolve("tiny"), new byte[] {'G', 'G'}), Reason.NOT_GGUF);
        refuse(dir.resolve("missing.gguf"), Reason.NOT_READABLE);
    }

    @Test
    void truncatedModelIsRefusedAtEveryCut() throws Exception {
        Path stories = SharedFixtures.model("stories260K.gguf");
        byte[] all = Files.readAllBytes(stories);
        GgufFile whole = GgufFile.read(stories);
        long header = whole.headerSize();
        long[] cuts = {4, 10, 23, 200, header / 2, header - 1, header + 1, whole.dataStart() + 1000,
                all.length / 2, all.length - 1};
        assertEquals(10, Arrays.stream(cuts).distinct().count());
        for (long cut : cuts) {
            Path p = Files.write(dir.resolve("cut" + cut + ".gguf"), Arrays.copyOf(all, (int) cut));
            Reason expected = cut < header ? Reason.TRUNCATED : Reason.TENSOR_DATA_OUT_OF_BOUNDS;
            ModelLoadException e = refuse(p, expected);
            assertTrue(e.getMessage().contains("file size " + cut) || e.getMessage().contains(cut + " bytes"),
                    e.getMessage());
        }
    }

    @Test
    void tensorPastEndOfFileNamesTheTensor() throws Exception {
        Path p = dir.resolve("short.gguf");
        new GgufWriter().putString("general.architecture", "llama")
                .addTensor("a", GgmlType.F32, new long[] {8}, TensorData.ofFloats(new float[8]))
                .addTensor("big.weight", GgmlType.Q8_0, new long[] {64, 4}, TensorData.ofBytes(new byte[34 * 8]))
                .write(p);
        GgufValidator.validate(p);
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 40));
        ModelLoadException e = refuse(p, Reason.TENSOR_DATA_OUT_OF_BOUNDS);
        assertTrue(e.getMessage().contains("big.weight"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(bytes.length - 40)), e.getMessage());
    }

    @Test
    void tensorOffsetFarPastEndIsOutOfBounds() throws Exception {
        // A table entry whose offset points a terabyte in, written by hand.
        ByteBuffer b = header(1, 1);
        putString(b, "general.architecture");
        b.putInt(GgufValueType.STRING.id());
        putString(b, "llama");
        putString(b, "w");
        b.putInt(1).putLong(4).putInt(GgmlType.F32.id()).putLong(1L << 40);
        Path p = write(b, 64);
        ModelLoadException e = refuse(p, Reason.TENSOR_DATA_OUT_OF_BOUNDS);
        assertTrue(e.getMessage().contains("tensor w"), e.getMessage());
    }

    @Test
    void unknownArchitectureIsUnsupported() throws Exception {
        Path p = dir.resolve("arch.gguf");
        new GgufWriter().putString("general.architecture", "transmogrifier")
                .addTensor("a", GgmlType.F32, new long[] {8}, TensorData.ofFloats(new float[8])).write(p);
        ModelLoadException e = refuse(p, Reason.UNSUPPORTED_ARCHITECTURE);
        assertTrue(e.getMessage().contains("transmogrifier"), e.getMessage());
        Path none = dir.resolve("noarch.gguf");
        new GgufWriter().addTensor("a", GgmlType.F32, new long[] {8}, TensorData.ofFloats(new float[8])).write(none);
        refuse(none, Reason.UNSUPPORTED_ARCHITECTURE);
    }

    @Test
    void hugeStringLengthIsRefusedWithoutAllocating() throws Exception {
        ByteBuffer b = header(0, 1);
        b.putLong(Long.MAX_VALUE - 3);
        assertTrue(refuse(write(b, 64), Reason.MALFORMED).getMessage().contains("string length"));
        // A plausible length that the file cannot hold is truncation, not a 2 GB allocation.
        ByteBuffer c = header(0, 1);
        c.putLong(Integer.MAX_VALUE - 100);
        refuse(write(c, 64), Reason.TRUNCATED);
    }

    @Test
    void hugeArrayCountIsRefusedWithoutAllocating() throws Exception {
        ByteBuffer b = header(0, 1);
        putString(b, "tokenizer.ggml.tokens");
        b.putInt(GgufValueType.ARRAY.id()).putInt(GgufValueType.STRING.id()).putLong(1L << 61);
        assertTrue(refuse(write(b, 0), Reason.MALFORMED).getMessage().contains("tokenizer.ggml.tokens"));
        ByteBuffer c = header(0, 1);
        putString(c, "scores");
        c.putInt(GgufValueType.ARRAY.id()).putInt(GgufValueType.FLOAT32.id()).putLong(500_000_000L);
        refuse(write(c, 0), Reason.TRUNCATED);
    }

    @Test
    void absurdCountsInTheHeaderAreRefused() throws Exception {
        refuse(write(header(Long.MAX_VALUE, 0), 16), Reason.MALFORMED);
        refuse(write(header(0, -1L), 16), Reason.MALFORMED);
        refuse(write(header(1_000_000, 0), 16), Reason.TRUNCATED);
    }

    @Test
    void unknownTypesAndVersionsAreRefused() throws Exception {
        ByteBuffer v = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        v.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(1).putLong(0).putLong(0);
        refuse(write(v, 0), Reason.UNSUPPORTED_VERSION);

        ByteBuffer kv = header(0, 1);
        putString(kv, "k");
        kv.putInt(13).putLong(0);
        assertTrue(refuse(write(kv, 0), Reason.MALFORMED).getMessage().contains("unknown value type 13"));

        ByteBuffer t = header(1, 0);
        putString(t, "w");
        t.putInt(1).putLong(4).putInt(4).putLong(0);
        assertTrue(refuse(write(t, 32), Reason.MALFORMED).getMessage().contains("unknown ggml type 4"));

        ByteBuffer dims = header(1, 0);
        putString(dims, "w");
        dims.putInt(5);
        refuse(write(dims, 64), Reason.MALFORMED);

        ByteBuffer misaligned = header(1, 0);
        putString(misaligned, "w");
        misaligned.putInt(1).putLong(4).putInt(0).putLong(3);
        refuse(write(misaligned, 32), Reason.MALFORMED);

        ByteBuffer block = header(1, 0);
        putString(block, "w");
        block.putInt(1).putLong(33).putInt(GgmlType.Q4_0.id()).putLong(0);
        refuse(write(block, 64), Reason.MALFORMED);
    }

    @Test
    void versionTwoIsRead() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(2).putLong(1).putLong(1);
        putString(b, "general.architecture");
        b.putInt(GgufValueType.STRING.id());
        putString(b, "llama");
        putString(b, "w");
        b.putInt(1).putLong(4).putInt(0).putLong(0);
        ModelInfo info = GgufValidator.validate(write(b, 64));
        assertEquals("llama", info.architecture());
        assertEquals(4, info.parameterCount());
        assertEquals(2, GgufFile.read(dir.resolve("crafted.gguf")).version());
    }

    private static ByteBuffer header(long tensors, long kvs) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(tensors).putLong(kvs);
        return b;
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putLong(bytes.length).put(bytes);
    }

    /** Writes the buffer's content, aligned to 32 and followed by {@code data} zero bytes. */
    private Path write(ByteBuffer b, int data) throws IOException {
        int header = (b.position() + 31) / 32 * 32;
        byte[] out = Arrays.copyOf(b.array(), header + data);
        return Files.write(dir.resolve("crafted.gguf"), out);
    }

    @Test
    void everySupportedArchitectureNameIsListed() {
        for (String a : List.of("llama", "qwen2", "phi3", "gemma", "gemma2", "gemma3", "starcoder2", "command-r",
                "deepseek2", "granite", "qwen3", "qwen3moe", "gemma3n", "smollm3", "gpt-oss")) {
            assertTrue(LlamaCppArchitectures.isSupported(a), a);
        }
        assertTrue(!LlamaCppArchitectures.isSupported("mistral"), "mistral models are stored as llama");
        assertTrue(!LlamaCppArchitectures.isSupported("unknown"), "llama.cpp's placeholder is not an architecture");
    }
}
