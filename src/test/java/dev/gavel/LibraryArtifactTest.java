package dev.gavel;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The installed library artifact stays clean for a project that depends on it: the pom passes on
 * only what the library needs (no test framework, no logging binding, no command-line or
 * plotting libraries), the main jar is the thin one, and only the classes that serve the command
 * line, the progress bar and the plots use the optional dependencies.
 */
class LibraryArtifactTest {
    /** What a user of the library gets on the classpath, and why it needs it. */
    private static final Set<String> LIBRARY = Set.of(
            "de.kherud:llama",                              // the llama.cpp native library
            "ai.djl.huggingface:tokenizers",                // tokenizer.json files
            "com.fasterxml.jackson.core:jackson-databind",  // JSON in and out
            "org.slf4j:slf4j-api",                          // logging facade, the user picks the binding
            "org.apache.commons:commons-math3");            // eval's statistics

    /** Optional dependencies and the only places that may use them. */
    private static final Map<String, List<String>> OPTIONAL_USES = Map.of(
            "picocli", List.of("dev/gavel/cli/"),
            "org.knowm.xchart", List.of("dev/gavel/eval/ReportPlots.java", "dev/gavel/bench/BenchPlot.java"),
            "me.tongfei.progressbar", List.of("dev/gavel/batch/Progress.java"));

    private static List<Element> directDependencies() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        List<Element> out = new ArrayList<>();
        NodeList projectChildren = doc.getDocumentElement().getChildNodes();
        for (int i = 0; i < projectChildren.getLength(); i++) {
            Node n = projectChildren.item(i);
            if (n instanceof Element e && e.getTagName().equals("dependencies")) {
                NodeList deps = e.getElementsByTagName("dependency");
                for (int k = 0; k < deps.getLength(); k++) {
                    out.add((Element) deps.item(k));
                }
            }
        }
        return out;
    }

    private static String child(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
    }

    @Test
    void thePomPassesOnOnlyWhatTheLibraryNeeds() throws Exception {
        Set<String> passedOn = new TreeSet<>();
        for (Element d : directDependencies()) {
            String scope = child(d, "scope");
            if (!scope.equals("test") && !child(d, "optional").equals("true")) {
                passedOn.add(child(d, "groupId") + ":" + child(d, "artifactId"));
            }
        }
        assertEquals(new TreeSet<>(LIBRARY), passedOn);
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<shadedArtifactAttached>true</shadedArtifactAttached>"),
                "the shaded command jar is attached beside the thin library jar, never in its place");
    }

    @Test
    void onlyTheCommandLineProgressBarAndPlotsUseTheOptionalDependencies() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> misplaced = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                String text = Files.readString(f);
                OPTIONAL_USES.forEach((pkg, allowed) -> {
                    if (text.contains("import " + pkg + ".") && allowed.stream().noneMatch(rel::startsWith)) {
                        misplaced.add(rel + " imports " + pkg);
                    }
                });
            }
        }
        assertTrue(misplaced.isEmpty(), "library classes must not need an optional dependency: " + misplaced);
    }
}
