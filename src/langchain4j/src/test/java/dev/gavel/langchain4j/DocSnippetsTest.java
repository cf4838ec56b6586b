package dev.gavel.langchain4j;

import dev.gavel.testing.JavaSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documentation's java blocks that need this module compile as written, on its class path. */
class DocSnippetsTest {
    private static final String[] PACKAGES = {"dev.langchain4j.", "dev.gavel.langchain4j."};

    @TempDir
    Path tmp;

    @Test
    void theDocsBlocksOfThisModuleCompileAsWritten() throws IOException {
        assertTrue(JavaSnippets.all().stream().anyMatch(s -> s.imports(PACKAGES)), "the docs show this module");
        List<String> failures = JavaSnippets.compile(s -> s.imports(PACKAGES), tmp);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
