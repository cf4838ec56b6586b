package dev.gavel.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GgufRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyMetadataTypeSurvivesWriteThenRead() throws Exception {
        Path p = dir.resolve("all.gguf");
        GgufWriter w = new GgufWriter()
                .put("u8", new GgufValue(GgufValueType.UINT8, 255))
                .put("i8", new GgufValue(GgufValueType.INT8, -128))
                .put("u16", new GgufValue(GgufValueType.UINT16, 65535))
                .put("i16", new GgufValue(GgufValueType.INT16, -32768))
                .put("u32", GgufValue.ofUInt32(0xFFFF_FFFFL))
                .put("i32", GgufValue.ofInt32(Integer.MIN_VALUE))
                .put("u64", GgufValue.ofUInt64(-1L))
                .put("i64", new GgufValue(GgufValueType.INT64, Long.MIN_VALUE))
                .put("f32", GgufValue.ofFloat32(3.5f))
                .put("f64", new GgufValue(GgufValueType.FLOAT64, -2.25e300))
                .put("bool", GgufValue.ofBool(true))
                .put("str", GgufValue.ofString("héllo ▁wörld"))
                .putString("empty", "")
                .putStringArray("strs", List.of("a", "", "ünïcode", "<0x0A>"))
                .putArray("f32s", GgufValueType.FLOAT32, List.of(1f, -0.5f))
                .putArray("i32s", GgufValueType.INT32, List.of(1, 2, 3))
                .putArray("u8s", GgufValueType.UINT8, List.of(0, 7, 255))
                .putArray("bools", GgufValueType.BOOL, List.of(true, false))
                .putArray("none", GgufValueType.UINT64, List.of())
                .putArray("nested", GgufValueType.ARRAY, List.of(
                        new GgufArray(GgufValueType.STRING, List.of("x", "y")),
                        new GgufArray(GgufValueType.INT16, List.of(-1))))
                .addTensor("t", GgmlType.F32, new long[] {4}, TensorData.ofFloats(new float[] {1, 2, 3, 4}));
        w.write(p);
        GgufFile f = GgufFile.read(p);

        assertEquals(3, f.version());
        assertEquals(20, f.metadata().size());
        // Rewriting what was read gives the same typed values and the same bytes.
        Path again = dir.resolve("again.gguf");
        new GgufWriter().putAll(f.metadata())
                .addTensor("t", GgmlType.F32, new long[] {4}, TensorData.ofFloats(new float[] {1, 2, 3, 4}))
                .write(again);
        assertEquals(f.metadata(), GgufFile.read(again).metadata());
        assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(again));
        assertEquals(255L, f.getLong("u8").getAsLong());
        assertEquals(-128L, f.getLong("i8").getAsLong());
        assertEquals(65535L, f.getLong("u16").getAsLong());
        assertEquals(-32768L, f.getLong("i16").getAsLong());
        assertEquals(0xFFFF_FFFFL, f.getLong("u32").getAsLong());
        assertEquals(Integer.MIN_VALUE, f.getInt("i32").orElseThrow());
        assertEquals(-1L, f.getLong("u64").getAsLong());
        assertEquals(GgufValueType.UINT64, f.get("u64").orElseThrow().type());
        assertEquals(Long.MIN_VALUE, f.getLong("i64").getAsLong());
        assertEquals(3.5, f.getDouble("f32").getAsDouble());
        assertEquals(-2.25e300, f.getDouble("f64").getAsDouble());
        assertEquals(true, f.getBool("bool").orElseThrow());
        assertEquals("héllo ▁wörld", f.getString("str").orElseThrow());
        assertEquals("", f.getString("empty").orElseThrow());
        assertEquals(List.of("a", "", "ünïcode", "<0x0A>"), f.getArray("strs").orElseThrow().strings());
        assertEquals(List.of(1f, -0.5f), f.getArray("f32s").orElseThrow().elements());
        assertEquals(List.of(1, 2, 3), f.getArray("i32s").orElseThrow().elements());
        assertEquals(List.of(0, 7, 255), f.getArray("u8s").orElseThrow().elements());
        assertEquals(List.of(true, false), f.getArray("bools").orElseThrow().elements());
        assertEquals(0, f.getArray("none").orElseThrow().size());
        GgufArray nested = f.getArray("nested").orElseThrow();
        assertEquals(GgufValueType.ARRAY, nested.elementType());
        assertEquals(new GgufArray(GgufValueType.STRING, List.of("x", "y")), nested.elements().get(0));
        assertEquals(new GgufArray(GgufValueType.INT16, List.of(-1)), nested.elements().get(1));
        // Typed accessors refuse the wrong type instead of coercing.
        assertEquals(true, f.getString("u8").isEmpty());
        assertEquals(true, f.getLong("str").isEmpty());
    }

    @Test
    void tensorDataLandsAlignedAtItsOffset() throws Exception {
        Path p = dir.resolve("t.gguf");
        byte[] q8 = new byte[34 * 2];
        for (int i = 0; i < q8.length; i++) {
            q8[i] = (byte) i;
        }
        new GgufWriter().alignment(64).putString("general.architecture", "llama")
                .addTensor("a", GgmlType.F32, new long[] {3}, TensorData.ofFloats(new float[] {1, 2, 3}))
                .addTensor("b", GgmlType.Q8_0, new long[] {32, 2}, TensorData.ofBytes(q8))
                .write(p);
        GgufFile f = GgufFile.read(p);
        assertEquals(64, f.alignment());
        assertEquals(0, f.dataStart() % 64);
        GgufTensorInfo a = f.tensor("a").orElseThrow();
        GgufTensorInfo b = f.tensor("b").orElseThrow();
        assertEquals(0, a.offset());
        assertEquals(64, b.offset());
        assertArrayEquals(new long[] {32, 2}, b.dims());
        assertEquals(GgmlType.Q8_0, b.type());
        assertEquals(68, b.byteSize());
        byte[] all = Files.readAllBytes(p);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2f, bb.getFloat((int) (f.dataStart() + a.offset() + 4)));
        byte[] got = new byte[68];
        System.arraycopy(all, (int) (f.dataStart() + b.offset()), got, 0, 68);
        assertArrayEquals(q8, got);
        assertEquals(0, (all.length - f.dataStart()) % 64, "data section is padded to the alignment");
    }

    @Test
    void writerRefusesDataOfTheWrongSize() {
        GgufWriter w = new GgufWriter().addTensor("a", GgmlType.F32, new long[] {4},
                TensorData.ofFloats(new float[] {1, 2, 3}));
        assertThrows(java.io.IOException.class, () -> w.write(dir.resolve("bad.gguf")));
        assertThrows(IllegalArgumentException.class, () -> new GgufWriter()
                .addTensor("q", GgmlType.Q4_0, new long[] {33}, TensorData.ofBytes(new byte[0])));
    }

    @Test
    void blockSizesMatchGgml() {
        assertEquals(18, GgmlType.Q4_0.byteSize(new long[] {32}));
        assertEquals(34 * 4, GgmlType.Q8_0.byteSize(new long[] {64, 2}));
        assertEquals(210, GgmlType.Q6_K.byteSize(new long[] {256}));
        assertEquals(144, GgmlType.Q4_K.byteSize(new long[] {256}));
        assertEquals(2 * 10, GgmlType.BF16.byteSize(new long[] {10}));
        assertEquals(GgmlType.BF16, GgmlType.byId(30).orElseThrow());
        assertEquals(true, GgmlType.byId(4).isEmpty());
    }
}
