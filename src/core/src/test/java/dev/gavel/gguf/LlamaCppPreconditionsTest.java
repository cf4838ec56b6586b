package dev.gavel.gguf;

import dev.gavel.ModelLoadException;
import dev.gavel.ModelLoadException.Reason;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The values llama.cpp aborts on instead of refusing, each refused in Java with a message. Every
 * case starts from a valid synthesized model and changes one thing, so the refusal is that
 * thing's; the crashes these stand for were found by the model fuzzer (docs/reliability.md).
 */
class LlamaCppPreconditionsTest {
    @TempDir
    Path dir;

    /** A valid tiny model whose metadata {@code edit} may change (keys replace the synthesized ones). */
    private Path model(String name, Consumer<Map<String, GgufValue>> edit) throws Exception {
        GgufVocabulary base = GgufVocabulary.byteLevelSpm(400);
        Map<String, GgufValue> m = new LinkedHashMap<>(base.metadata());
        edit.accept(m);
        Path p = dir.resolve(name + ".gguf");
        ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.F32).seed(3)
                .vocabulary(new GgufVocabulary(m, base.size())).build().write(p);
        return p;
    }

    private static List<Object> tokens(Map<String, GgufValue> m) {
        return new ArrayList<>(m.get(GgufVocabulary.KEY_TOKENS).asArray().elements());
    }

    private static void setTokens(Map<String, GgufValue> m, List<Object> tokens) {
        m.put(GgufVocabulary.KEY_TOKENS, GgufValue.ofArray(GgufValueType.STRING, tokens));
    }

    private static String refused(Path p) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> GgufValidator.validate(p));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theFixturesAndASynthesizedModelPass() throws Exception {
        GgufValidator.validate(model("valid", m -> { }));
        GgufValidator.validate(SharedFixtures.model("stories260K.gguf"));
        GgufValidator.validate(SharedFixtures.model("llama-2-tiny-random.gguf"));
    }

    @Test
    void twoTokensWithTheSameTextAreRefused() throws Exception {
        // The crash the issue reports: one changed byte made two vocabulary entries equal.
        String msg = refused(model("dup", m -> {
            List<Object> t = tokens(m);
            t.set(350, t.get(351));
            setTokens(m, t);
        }));
        assertTrue(msg.contains("tokens 350 and 351") || msg.contains("tokens 351 and 350"), msg);
        assertTrue(msg.contains("same text"), msg);
    }

    @Test
    void equalityIsLlamaCppsCStringEquality() throws Exception {
        // llama.cpp keeps a token's text up to its first NUL byte: these two are equal there.
        String nul = refused(model("nul", m -> {
            List<Object> t = tokens(m);
            t.set(350, t.get(351) + "\u0000tail");
            setTokens(m, t);
        }));
        assertTrue(nul.contains("same text"), nul);
        // An empty text becomes "[EMPTY_<id>]", which can collide with a real token of that text.
        String empty = refused(model("empty", m -> {
            List<Object> t = tokens(m);
            t.set(350, "");
            t.set(351, "[EMPTY_350]");
            setTokens(m, t);
        }));
        assertTrue(empty.contains("[EMPTY_350]"), empty);
        // Two empty texts are distinct ("[EMPTY_350]", "[EMPTY_351]"): accepted.
        GgufValidator.validate(model("two-empty", m -> {
            List<Object> t = tokens(m);
            t.set(350, "");
            t.set(351, "");
            setTokens(m, t);
        }));
    }

    @Test
    void invalidUtf8IsComparedByBytesNotByItsDecodedText() throws Exception {
        // "ÿA" and "þA" are C3 BF 41 and C3 BE 41; the file is patched to FF FE 41 and FE FF 41:
        // different bytes (distinct for llama.cpp) that both decode to "\uFFFD\uFFFDA" in Java.
        Path p = model("utf8", m -> {
            List<Object> t = tokens(m);
            t.set(350, "\u00ffA");
            t.set(351, "\u00feA");
            setTokens(m, t);
        });
        byte[] b = Files.readAllBytes(p);
        patch(b, new byte[] {(byte) 0xC3, (byte) 0xBF, 'A'}, new byte[] {(byte) 0xFF, (byte) 0xFE, 'A'});
        patch(b, new byte[] {(byte) 0xC3, (byte) 0xBE, 'A'}, new byte[] {(byte) 0xFE, (byte) 0xFF, 'A'});
        Files.write(p, b);
        assertEquals(GgufFile.read(p).getArray(GgufVocabulary.KEY_TOKENS).orElseThrow().strings().get(350),
                GgufFile.read(p).getArray(GgufVocabulary.KEY_TOKENS).orElseThrow().strings().get(351),
                "the Java strings are equal");
        GgufValidator.validate(p);
        // The same invalid bytes twice are equal for llama.cpp too.
        patch(b, new byte[] {(byte) 0xFE, (byte) 0xFF, 'A'}, new byte[] {(byte) 0xFF, (byte) 0xFE, 'A'});
        Files.write(p, b);
        assertTrue(refused(p).contains("\\xFF\\xFEA"));
    }

    private static void patch(byte[] b, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, b, i, to.length);
                return;
            }
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void aSentencePieceVocabularyNeedsEveryByteToken() throws Exception {
        String msg = refused(model("nobyte", m -> {
            List<Object> t = tokens(m);
            t.set(t.indexOf("<0xE2>"), "<0xe2>");
            setTokens(m, t);
        }));
        assertTrue(msg.contains("0xE2") && msg.contains("byte token"), msg);
    }

    @Test
    void vocabularyArraysMustHaveTheirTypeAndOneEntryPerToken() throws Exception {
        assertTrue(refused(model("short-scores", m -> m.put("tokenizer.ggml.scores", GgufValue.ofArray(
                GgufValueType.FLOAT32, new ArrayList<>(m.get("tokenizer.ggml.scores").asArray().elements())
                        .subList(0, 100))))).contains("tokenizer.ggml.scores must be an array of 400 float32"));
        assertTrue(refused(model("float-types", m -> m.put("tokenizer.ggml.token_type", GgufValue.ofArray(
                GgufValueType.FLOAT32, m.get("tokenizer.ggml.token_type").asArray().elements().stream()
                        .map(x -> ((Number) x).floatValue()).toList())))).contains("token_type"));
        assertTrue(refused(model("int-tokens", m -> setTokensAsInts(m))).contains("must be an array of strings"));
        assertTrue(refused(model("merges", m -> m.put("tokenizer.ggml.merges", GgufValue.ofUInt32(1))))
                .contains("tokenizer.ggml.merges"));
    }

    private static void setTokensAsInts(Map<String, GgufValue> m) {
        List<Object> ints = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ints.add(i);
        }
        m.put(GgufVocabulary.KEY_TOKENS, GgufValue.ofArray(GgufValueType.INT32, ints));
    }

    @Test
    void keysReadWithTypedGettersMustHaveTheirType() throws Exception {
        assertTrue(refused(model("ftype", m -> m.put("general.file_type", GgufValue.ofFloat32(0))))
                .contains("general.file_type must be a uint32"));
        assertTrue(refused(model("align", m -> m.put("general.alignment", GgufValue.ofUInt64(32))))
                .contains("general.alignment must be a uint32"));
    }

    @Test
    void aModelNeedsAtLeastOneLayer() throws Exception {
        assertTrue(refused(model("blocks", m -> m.put("llama.block_count", GgufValue.ofUInt32(0))))
                .contains("llama.block_count is 0"));
        assertTrue(refused(model("many-blocks", m -> m.put("llama.block_count", GgufValue.ofUInt32(0xFFFFFFFFL))))
                .contains("llama.block_count is 4294967295"));
    }

    @Test
    void tensorsMustBeStoredInTypesGgmlComputesWith() throws Exception {
        for (GgmlType t : new GgmlType[] {GgmlType.I8, GgmlType.I32, GgmlType.Q8_1}) {
            Path p = dir.resolve("type-" + t + ".gguf");
            new GgufWriter().putString("general.architecture", "llama")
                    .addTensor("w.weight", t, new long[] {32, 2}, TensorData.ofBytes(new byte[(int) t.byteSize(new long[] {32, 2})]))
                    .write(p);
            assertTrue(refused(p).contains("tensor w.weight is stored as " + t), t.toString());
        }
        for (GgmlType t : new GgmlType[] {GgmlType.F16, GgmlType.BF16}) {
            Path norm = dir.resolve("norm-" + t + ".gguf");
            new GgufWriter().putString("general.architecture", "llama")
                    .addTensor("n.weight", t, new long[] {8}, TensorData.ofBytes(new byte[16])).write(norm);
            assertTrue(refused(norm).contains("1-D tensor n.weight is stored as " + t));
        }
        Path ok = dir.resolve("ok.gguf");
        new GgufWriter().putString("general.architecture", "llama")
                .addTensor("w.weight", GgmlType.Q8_0, new long[] {32, 2}, TensorData.ofBytes(new byte[68]))
                .addTensor("n.weight", GgmlType.F32, new long[] {8}, TensorData.ofFloats(new float[8])).write(ok);
        GgufValidator.validate(ok);
    }

    @Test
    void normalizationEpsilonsMustBeFiniteAndNotNegative() throws Exception {
        for (float eps : new float[] {-1e30f, Float.NaN, Float.POSITIVE_INFINITY}) {
            String msg = refused(model("eps", m -> m.put("llama.attention.layer_norm_rms_epsilon",
                    GgufValue.ofFloat32(eps))));
            assertTrue(msg.contains("layer_norm_rms_epsilon"), msg);
        }
        GgufValidator.validate(model("eps0", m -> m.put("llama.attention.layer_norm_rms_epsilon",
                GgufValue.ofFloat32(0))));
    }

    @Test
    void tensorDataMustFollowTheTableInOrderAndNamesFitGgml() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(2).putLong(1);
        putString(b, "general.architecture");
        b.putInt(GgufValueType.STRING.id());
        putString(b, "llama");
        putString(b, "a");
        b.putInt(1).putLong(8).putInt(GgmlType.F32.id()).putLong(0);
        putString(b, "b");
        b.putInt(1).putLong(8).putInt(GgmlType.F32.id()).putLong(64); // a ends at 32
        int header = (b.position() + 31) / 32 * 32;
        Path p = Files.write(dir.resolve("gap.gguf"), Arrays.copyOf(b.array(), header + 128));
        String msg = refused(p);
        assertTrue(msg.contains("tensor b data offset 64") && msg.contains("(32)"), msg);

        Path longName = dir.resolve("name.gguf");
        new GgufWriter().putString("general.architecture", "llama")
                .addTensor("x".repeat(64), GgmlType.F32, new long[] {8}, TensorData.ofFloats(new float[8]))
                .write(longName);
        assertTrue(refused(longName).contains("at most 63"));
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putLong(bytes.length).put(bytes);
    }
}
