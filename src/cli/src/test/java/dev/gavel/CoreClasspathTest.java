package dev.gavel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The integrations stay out of the library: this module's test classpath holds gavel-core and
 * everything core depends on, so a Spring or LangChain4j class reachable here would also be on
 * every library user's classpath.
 */
class CoreClasspathTest {
    @Test
    void neitherSpringNorLangChain4jComesWithTheCore() {
        for (String name : List.of("org.springframework.ai.evaluation.Evaluator",
                "org.springframework.context.ApplicationContext",
                "org.springframework.boot.autoconfigure.AutoConfiguration",
                "dev.langchain4j.model.scoring.ScoringModel",
                "dev.gavel.springai.GavelEvaluator",
                "dev.gavel.langchain4j.GavelScoringModel")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
    }
}
