package dev.gavel.llama;

import dev.gavel.ModelLoadException;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad model files must give a {@link ModelLoadException} naming the reason, never a native crash:
 * every case runs in this one JVM, and a good model still loads and generates afterwards.
 */
class ModelFileValidationTest {

    @Test
    void badFilesAreRefusedWithAReasonAndTheJvmStaysUp(@TempDir Path dir) throws Exception {
        expect(SharedFixtures.model("ggml-vocab-phi-3.gguf"), ModelLoadException.Reason.NO_TENSORS);

        byte[] random = new byte[1024];
        new Random(7).nextBytes(random);
        expect(Files.write(dir.resolve("random.gguf"), random), ModelLoadException.Reason.NOT_GGUF);
        expect(Files.writeString(dir.resolve("notes.txt"), "This is a text file, not a model.\n"),
                ModelLoadException.Reason.NOT_GGUF);
        expect(dir.resolve("missing.gguf"), ModelLoadException.Reason.NOT_READABLE);
        expect(Files.write(dir.resolve("empty.gguf"), new byte[0]), ModelLoadException.Reason.NOT_GGUF);

        Path good = SharedFixtures.model("stories260K.gguf");
        byte[] bytes = Files.readAllBytes(good);
        // Offsets inside the header, the metadata, the tensor table and the tensor data.
        int[] cuts = {3, 10, 23, 100, 1_000, 5_000, 20_000, 200_000, 700_000, bytes.length - 1};
        Set<ModelLoadException.Reason> seen = EnumSet.noneOf(ModelLoadException.Reason.class);
        for (int cut : cuts) {
            Path truncated = Files.write(dir.resolve("cut-" + cut + ".gguf"), Arrays.copyOf(bytes, cut));
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> LlamaModel.load(truncated, ModelOptions.defaults()), "cut at " + cut);
            assertTrue(EnumSet.of(ModelLoadException.Reason.TRUNCATED, ModelLoadException.Reason.TENSOR_DATA_OUT_OF_BOUNDS,
                    ModelLoadException.Reason.NOT_GGUF).contains(e.reason()), cut + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(truncated.getFileName().toString()), e.getMessage());
            seen.add(e.reason());
        }
        assertTrue(seen.contains(ModelLoadException.Reason.TRUNCATED));
        assertTrue(seen.contains(ModelLoadException.Reason.TENSOR_DATA_OUT_OF_BOUNDS));

        // A well-formed file that llama.cpp still refuses (a required tensor renamed): the message
        // names the cause llama.cpp logged, not only its closing "failed to load model".
        byte[] renamed = bytes.clone();
        rename(renamed, "output_norm.weight", "output_norm.weighX");
        Path missingTensor = Files.write(dir.resolve("missing-tensor.gguf"), renamed);
        ModelLoadException refused = assertThrows(ModelLoadException.class,
                () -> LlamaModel.load(missingTensor, ModelOptions.defaults()));
        assertEquals(ModelLoadException.Reason.NATIVE_LOAD_FAILED, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().contains("'output_norm.weight' not found"), refused.getMessage());

        try (LlamaModel m = LlamaModel.load(good, ModelOptions.defaults());
             LlamaContext ctx = m.newContext(ContextOptions.defaults().withContextSize(128))) {
            String text = new GreedyGenerator(ctx).generate("Once upon a time", 8).text();
            assertFalse(text.isBlank());
        }
    }

    private static void rename(byte[] file, String from, String to) {
        byte[] f = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= file.length; i++) {
            if (Arrays.equals(file, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, file, i, t.length);
                return;
            }
        }
        throw new AssertionError(from + " not in the fixture");
    }

    private static void expect(Path file, ModelLoadException.Reason reason) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> LlamaModel.load(file, ModelOptions.defaults()));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

}
