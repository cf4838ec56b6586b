package dev.gavel;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The library artifact (gavel-core) stays clean for a project that depends on it: its pom passes
 * on only what the library needs, with no test framework, no logging binding and none of the
 * command line's libraries (those are gavel-cli's). Tests run from the repository root.
 */
class LibraryArtifactTest {
    /** What a user of the library gets on the classpath, and why it needs it. */
    private static final Set<String> LIBRARY = Set.of(
            "dev.gavel:gavel-native",                       // the llama.cpp native libraries (runtime)
            "ai.djl.huggingface:tokenizers",                // tokenizer.json files
            "com.fasterxml.jackson.core:jackson-databind",  // JSON formats and templates
            "org.slf4j:slf4j-api");                         // logging facade: the user picks the binding

    @Test
    void theLibraryPomPassesOnOnlyWhatTheLibraryNeeds() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("src/core/pom.xml").toFile());
        Set<String> passedOn = new TreeSet<>();
        for (Element d : directDependencies(doc.getDocumentElement())) {
            if (!child(d, "scope").equals("test") && !child(d, "optional").equals("true")) {
                passedOn.add(child(d, "groupId") + ":" + child(d, "artifactId"));
            }
        }
        assertEquals(new TreeSet<>(LIBRARY), passedOn);
    }

    private static List<Element> directDependencies(Element project) {
        List<Element> out = new ArrayList<>();
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
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
}
