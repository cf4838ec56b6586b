package dev.gavel.langchain4j;

import com.example.rag.LocalJudge;
import dev.gavel.JudgeMode;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/java-api.md's LangChain4j example is this module's {@link LocalJudge} test source,
 * verbatim, and it runs here against a fixture model.
 */
class DocsExamplesTest {
    @Test
    void theExampleIsInTheDocsVerbatimAndRuns() throws Exception {
        String example = Files.readString(Path.of("src/langchain4j/src/test/java/com/example/rag/LocalJudge.java")).strip();
        assertTrue(Files.readString(Path.of("docs/java-api.md")).contains("```java\n" + example + "\n```"),
                "LocalJudge.java is not in docs/java-api.md verbatim");

        try (Judge judge = Judge.open(SharedFixtures.model("stories260K.gguf"), JudgeOptions.builder()
                .chatTemplate("chatml").mode(JudgeMode.SCORE_ONLY).parallel(3).build())) {
            List<Content> ranked = LocalJudge.reRanker(judge).aggregate(Map.of(Query.from("What does the dog like?"),
                    List.of(GavelScoringModelTest.SEGMENTS.stream().map(Content::from).toList())));
            assertTrue(ranked.size() <= 3);
            for (Content c : ranked) {
                assertTrue((Double) c.metadata().get(ContentMetadata.RERANKED_SCORE) >= 0.5);
            }
            var chat = new ChatModelGraderTest.FixedAnswers(Map.of(
                    "At what temperature does water boil at sea level?", "100 degrees Celsius.",
                    "Which planet is the largest?", "Jupiter."));
            assertEquals(2, LocalJudge.grade(judge, chat).answers().size());
        }
    }
}
