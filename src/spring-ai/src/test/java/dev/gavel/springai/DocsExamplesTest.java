package dev.gavel.springai;

import com.example.judging.AnswerChecker;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/java-api.md's Spring AI examples are these test sources, verbatim (so they compile with
 * the module), and the Boot one runs here against a fixture model.
 */
class DocsExamplesTest {
    private static final Path DOC = Path.of("docs/java-api.md");

    static void assertInDocs(String source) throws IOException {
        String example = Files.readString(Path.of(source)).strip();
        String doc = Files.readString(DOC);
        assertTrue(doc.contains("```java\n" + example + "\n```"), source + " is not in " + DOC + " verbatim");
    }

    @Test
    void theExamplesAreInTheDocsVerbatim() throws IOException {
        assertInDocs("src/spring-ai/src/test/java/com/example/judging/AnswerChecker.java");
        assertInDocs("src/spring-ai/src/test/java/com/example/judging/FactCheckWithoutBoot.java");
        String doc = Files.readString(DOC);
        for (String property : List.of("gavel.model-path=", "gavel.parallel=", "gavel.threads=", "gavel.gpu-layers=",
                "gavel.context-size=", "gavel.format=", "gavel.evaluator.preset=")) {
            assertTrue(doc.contains(property), property);
        }
    }

    @Test
    void theBootExampleRunsOnTheStartersEvaluator() {
        Path model = SharedFixtures.model("stories260K.gguf");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GavelAutoConfiguration.class))
                .withUserConfiguration(AnswerChecker.class)
                .withPropertyValues("gavel.model-path=" + model, "gavel.chat-template=chatml", "gavel.mode=score-only",
                        "gavel.parallel=1", "gavel.evaluator.preset=fact-checking")
                .run(ctx -> {
                    List<Document> docs = List.of(new Document("The dog sleeps in a red basket."));
                    boolean grounded = ctx.getBean(AnswerChecker.class).grounded("Where does the dog sleep?", docs,
                            "In a red basket.");
                    boolean pass = ctx.getBean(GavelEvaluator.class).evaluate(new EvaluationRequest(
                            "Where does the dog sleep?", docs, "In a red basket.")).isPass();
                    assertEquals(pass, grounded);
                });
    }
}
