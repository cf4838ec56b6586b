package dev.gavel;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's module descriptor exports only the public API, and the module resolves on a real
 * module path: a child JVM with gavel-core and its dependencies on {@code --module-path} loads the
 * module, sees the API packages exported and the rest not. Tests run from the repository root.
 */
class ModuleDescriptorTest {
    private static final Set<String> API = Set.of("dev.gavel", "dev.gavel.judge");
    private static final Path CLASSES = Path.of("src/core/target/classes");

    @Test
    void theModuleExportsOnlyTheApiPackages() throws IOException {
        ModuleDescriptor d = ModuleFinder.of(CLASSES).find("dev.gavel.core").orElseThrow().descriptor();
        assertEquals("dev.gavel.core", d.name());
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(API), exported);
        assertTrue(d.packages().containsAll(Set.of("dev.gavel.engine", "dev.gavel.llama", "dev.gavel.gguf")),
                "the internal packages are in the module: " + d.packages());
        assertTrue(d.opens().isEmpty(), "nothing is opened for reflection: " + d.opens());
    }

    /** A class path entry holding a module, with that module's descriptor. */
    private record Candidate(String entry, ModuleDescriptor descriptor) {
    }

    /**
     * gavel-core's classes and, from this test's class path (Maven's resolution), the modules it
     * requires, directly or through them: what an application on the module path would list.
     */
    private static List<String> modulePath() {
        Map<String, Candidate> candidates = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            try {
                for (ModuleReference m : ModuleFinder.of(Path.of(entry)).findAll()) {
                    candidates.putIfAbsent(m.descriptor().name(), new Candidate(entry, m.descriptor()));
                }
            } catch (FindException notAModule) {
                // a jar whose automatic module name is not valid: nothing the library requires
            }
        }
        List<String> path = new ArrayList<>(List.of(CLASSES.toAbsolutePath().toString()));
        Deque<ModuleDescriptor> todo = new ArrayDeque<>(List.of(
                ModuleFinder.of(CLASSES).find("dev.gavel.core").orElseThrow().descriptor()));
        Set<String> seen = new HashSet<>(Set.of("dev.gavel.core"));
        while (!todo.isEmpty()) {
            for (ModuleDescriptor.Requires r : todo.pop().requires()) {
                Candidate c = candidates.get(r.name());
                if (c != null && seen.add(r.name())) {
                    path.add(c.entry());
                    todo.push(c.descriptor());
                }
            }
        }
        return path;
    }

    @Test
    void theModuleResolvesOnAModulePathAndHidesItsInternals() throws Exception {
        List<String> path = modulePath();
        Path probe = Files.createTempDirectory("gavel-module").resolve("Probe.java");
        Files.writeString(probe, """
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        Module m = Class.forName("dev.gavel.judge.Judge").getModule();
                        System.out.println(m.getName() + " named=" + m.isNamed());
                        for (String p : new java.util.TreeSet<>(m.getPackages())) {
                            System.out.println(p + " exported=" + m.isExported(p));
                        }
                    }
                }
                """);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "--module-path", String.join(File.pathSeparator, path),
                "--add-modules", "dev.gavel.core", probe.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("dev.gavel.core named=true"), out);
        assertTrue(out.contains("dev.gavel.engine exported=false"), out);
        try (Stream<String> lines = out.lines()) {
            for (String line : lines.filter(l -> l.contains(" exported=")).toList()) {
                String pkg = line.substring(0, line.indexOf(' '));
                assertEquals(API.contains(pkg), line.endsWith("exported=true"), line);
            }
        }
    }
}
