package dev.gavel.gguf;

import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class GgufModelInfoTest {

    @TempDir
    Path dir;

    @Test
    void stories260K() throws Exception {
        Path p = SharedFixtures.model("stories260K.gguf");
        ModelInfo info = GgufValidator.validate(p);
        assertEquals("llama", info.architecture());
        assertEquals(512, info.vocabularySize());
        assertEquals(5L, info.blockCount());
        assertEquals(64L, info.embeddingLength());
        assertEquals(8L, info.headCount());
        assertEquals(4L, info.kvHeadCount());
        assertEquals(8, info.attentionHeadSize(), "no key_length: embedding / heads");
        assertEquals(2048L, info.contextLength());
        assertEquals(Files.size(p), info.fileSize());
        assertEquals("F32", info.quantization(), "no general.file_type: the dominant tensor type");
        assertEquals("llama", info.tokenizerModel());
        assertNull(info.chatTemplate());
        assertEquals("<s>", info.specialToken("bos").orElseThrow().text());
        assertEquals(2, info.specialToken("eos").orElseThrow().id());
        assertFalse(info.specialToken("pad").isPresent(), "0xFFFFFFFF means no pad token");
        // Every tensor is F32, so the parameter count is the data bytes / 4.
        GgufFile f = GgufFile.read(p);
        long bytes = f.tensors().stream().mapToLong(GgufTensorInfo::byteSize).sum();
        assertEquals(bytes / 4, info.parameterCount());
    }

    @Test
    void llama2TinyRandom() throws Exception {
        ModelInfo info = GgufValidator.validate(SharedFixtures.model("llama-2-tiny-random.gguf"));
        assertEquals("llama", info.architecture());
        assertEquals("LLaMA v2", info.name());
        assertEquals(32000, info.vocabularySize());
        assertEquals(1L, info.blockCount());
        assertEquals(8L, info.embeddingLength());
        assertEquals("F16", info.quantization());
        assertEquals("<unk>", info.specialToken("unk").orElseThrow().text());
        Map<String, Object> m = info.toMap();
        assertEquals("F16", m.get("quantization"));
        assertEquals(32000, m.get("vocabularySize"));
        assertFalse(m.containsKey("chatTemplate"));
        assertEquals(Map.of("id", 1, "text", "<s>"), ((Map<?, ?>) m.get("specialTokens")).get("bos"));
    }

    @Test
    void synthesizedModelDescribesItsShape() throws Exception {
        Path p = dir.resolve("m.gguf");
        ModelSynthesizer s = ModelSynthesizer.builder(ModelShape.TINY).weightType(GgmlType.Q8_0)
                .chatTemplate("{{ messages }}").name("judge-test").build();
        s.write(p);
        ModelInfo info = GgufValidator.validate(p);
        assertEquals("judge-test", info.name());
        assertEquals("Q8_0", info.quantization());
        assertEquals(ModelShape.TINY.parameterCount(), info.parameterCount());
        assertEquals(256L, info.contextLength());
        assertEquals(2L, info.kvHeadCount());
        assertEquals(512, info.vocabularySize());
        assertEquals("{{ messages }}", info.chatTemplate());
    }
}
