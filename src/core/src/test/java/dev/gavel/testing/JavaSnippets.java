package dev.gavel.testing;

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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code ```java} blocks of README.md and the Markdown under docs/, benchmarks/ and native/,
 * and a compiler for them, so that every block is compiled as written by the module whose class
 * path it needs: the library's by core, Spark's by the Spark module, and so on. The rule for
 * writing one: a block is a whole source file, either a compact source file (imports, then
 * {@code void main()}; run with {@code java -cp gavel.jar File.java}) or an ordinary compilation
 * unit, whose public type names the file. Nothing is added around a block. Paths are relative to
 * the repository root, where the tests run.
 */
public final class JavaSnippets {
    private static final Pattern BLOCK = Pattern.compile("(?m)^```java[ \\t]*\\n(.*?)^```[ \\t]*$", Pattern.DOTALL);
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("(?m)^public\\s+(?:(?:final|abstract|sealed)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    private JavaSnippets() {
    }

    /** A block of a Markdown file, where it starts, and its text. */
    public record Snippet(Path file, int line, String code) {
        /** Whether the block imports from a package starting with one of {@code prefixes}. */
        public boolean imports(String... prefixes) {
            for (String p : prefixes) {
                if (Pattern.compile("(?m)^import\\s+(?:static\\s+)?" + Pattern.quote(p)).matcher(code).find()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** Every java block of the repository's documentation, in file order. */
    public static List<Snippet> all() throws IOException {
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

    /**
     * Compiles each block that {@code which} selects on this JVM's class path (the calling test's),
     * each as its own source file in {@code workDir}, with every lint warning an error.
     *
     * @return one message per block that does not compile, naming its file, line and the errors
     */
    public static List<String> compile(Predicate<Snippet> which, Path workDir) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests must run on a JDK");
        }
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Snippet s : all()) {
            if (!which.test(s)) {
                continue;
            }
            Matcher type = PUBLIC_TYPE.matcher(s.code());
            // a compact source file's class is named after its file: give each snippet its own
            String name = type.find() ? type.group(1) : "Snippet" + n;
            Path dir = Files.createDirectories(workDir.resolve("s" + n++));
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
        return failures;
    }
}
