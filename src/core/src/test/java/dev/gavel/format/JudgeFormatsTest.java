package dev.gavel.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgeFormatsTest {
    @Test
    void resolvesBuiltInsAndFiles(@TempDir Path dir) throws Exception {
        assertInstanceOf(PrometheusFormat.class, JudgeFormats.resolve("prometheus2"));
        assertInstanceOf(ProcessBenchFormat.class, JudgeFormats.resolve("processbench-critique"));
        Path file = dir.resolve("t.template");
        Files.writeString(file, "format: mine\ntask: absolute\nmarker: \"[RESULT] \"\n=== user ===\n{instruction}\n{response}\n");
        assertEquals("mine", JudgeFormats.resolve(file.toString()).id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JudgeFormats.resolve("selene"));
        assertTrue(e.getMessage().contains("prometheus2"), e.getMessage());
        Set<String> hashes = new HashSet<>();
        for (JudgeFormat f : JudgeFormats.builtIn()) {
            assertTrue(hashes.add(f.templateSha256()), f.id());
            assertEquals(64, f.templateSha256().length());
        }
    }
}
