package dev.gavel;

import dev.gavel.testing.JavaSnippets;
import dev.gavel.testing.JavaSnippets.Snippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every java block of the documentation compiles as written ({@link JavaSnippets} has the rule);
 * this test compiles those that need only the library. A block that imports an integration
 * module's packages is compiled by that module's own test, on the class path core cannot have.
 */
class DocSnippetsTest {
    /** The packages of the integration modules, each of which compiles its own blocks. */
    static final String[] INTEGRATIONS = {"org.springframework.", "dev.gavel.springai.", "dev.langchain4j.",
            "dev.gavel.langchain4j.", "org.apache.spark.", "dev.gavel.spark."};

    @TempDir
    Path tmp;

    @Test
    void theReadmeAndTheDocsHaveJavaSnippets() throws IOException {
        List<Snippet> all = JavaSnippets.all();
        assertTrue(all.stream().anyMatch(s -> s.file().equals(Path.of("README.md"))), "README's snippet is found");
        assertTrue(all.stream().filter(library()).count() >= 3, "README, java-api and formats have one each: " + all);
    }

    @Test
    void everyLibrarySnippetCompilesAsWritten() throws IOException {
        List<String> failures = JavaSnippets.compile(library(), tmp);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static Predicate<Snippet> library() {
        return s -> !s.imports(INTEGRATIONS);
    }
}
