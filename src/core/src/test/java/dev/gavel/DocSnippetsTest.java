package dev.gavel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```java} block of README.md and the Markdown under docs/, benchmarks/ and native/
 * compiles as written against Gavel's classes, so a reader can paste it. The rule for writing
 * one: a block is a whole source file, either a compact source file (imports, then
 * {@code void main()}; run with {@code java -cp gavel.jar File.java}) or an ordinary compilation
 * unit, whose public type names the file. Nothing is added around a block.
 */
class DocSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("(?m)^```java[ \\t]*\\n(.*?)^```[ \\t]*$", Pattern.DOTALL);
    /**
     * Imports of the integration modules: their blocks are compiled (and run) by those modules'
     * own tests (e.g. dev.gavel.springai.DocsExamplesTest), on a class path core cannot have.
     */
    private static final Pattern INTEGRATION_IMPORT = Pattern.compile(
            "(?m)^import\\s+(?:static\\s+)?(?:org\\.springframework|dev\\.langchain4j|org\\.apache\\.spark|dev\\.gavel\\.(?:springai|langchain4j|spark))\\.");
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("(?m)^public\\s+(?:(?:final|abstract|sealed)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    @TempDir
    Path tmp;

    /** A block of a Markdown file, where it starts, and its text. */
    record Snippet(Path file, int line, String code) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    static List<Snippet> snippets() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        for (String dir : List.of("docs", "benchmarks", "native")) {
            if (Files.isDirectory(Path.of(dir))) {
                try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                    walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
                }
            }
        }
        List<Snippet> out = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).lines().count() + 1;
                out.add(new Snippet(f, line, m.group(1)));
            }
        }
        return out;
    }

    @Test
    void theReadmeAndTheDocsHaveJavaSnippets() throws IOException {
        List<Snippet> all = snippets();
        assertTrue(all.stream().anyMatch(s -> s.file().equals(Path.of("README.md"))), "README's snippet is found");
        assertTrue(all.size() >= 3, "README, java-api and formats have one each: " + all);
    }

    @Test
    void everyJavaSnippetCompilesAsWritten() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Snippet s : snippets()) {
            if (INTEGRATION_IMPORT.matcher(s.code()).find()) {
                continue;
            }
            Matcher type = PUBLIC_TYPE.matcher(s.code());
            // a compact source file's class is named after its file: give each snippet its own
            String name = type.find() ? type.group(1) : "Snippet" + n;
            Path dir = Files.createDirectories(tmp.resolve("s" + n++));
            Path source = Files.writeString(dir.resolve(name + ".java"), s.code());
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
                boolean ok = javac.getTask(null, files, diagnostics,
                        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none",
                                "-Xlint:all", "-Werror"),
                        null, files.getJavaFileObjects(source)).call();
                if (!ok) {
                    StringBuilder why = new StringBuilder(s + " does not compile:");
                    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                        why.append("\n  line ").append(s.line() + d.getLineNumber()).append(": ")
                                .append(d.getMessage(null));
                    }
                    failures.add(why.toString());
                }
            }
        }
        assertFalse(n == 0, "no snippets found");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
