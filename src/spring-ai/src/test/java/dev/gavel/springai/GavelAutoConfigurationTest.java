package dev.gavel.springai;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeMode;
import dev.gavel.ModelLoadException;
import dev.gavel.Rubric;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;
import org.springframework.ai.evaluation.Evaluator;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter as an application uses it: a Spring Boot context started from {@code gavel.*}
 * properties alone, with the auto-configuration found through its imports file.
 */
class GavelAutoConfigurationTest {

    /** An application with nothing of its own: every bean comes from auto-configuration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EmptyApplication {
    }

    @Test
    void aContextFromPropertiesAloneEvaluatesAResponseAndClosesTheJudgeOnShutdown() {
        Path model = SharedFixtures.model("stories260K.gguf");
        Judge judge;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(EmptyApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.main.banner-mode=off", "--gavel.model-path=" + model,
                        "--gavel.format=prometheus2",
                        "--gavel.chat-template=chatml",
                        "--gavel.mode=score-only",
                        "--gavel.parallel=2",
                        "--gavel.threads=1",
                        "--gavel.gpu-layers=0",
                        "--gavel.context-size=2048",
                        "--gavel.evaluator.preset=fact-checking",
                        "--gavel.evaluator.pass-threshold=3")) {
            judge = ctx.getBean(Judge.class);
            JudgeOptions o = judge.options();
            assertEquals(2, o.parallel());
            assertEquals(1, o.threads());
            assertEquals(0, o.gpuLayers());
            assertEquals(2048, o.contextSize());
            assertEquals(JudgeMode.SCORE_ONLY, o.mode());
            assertEquals("prometheus2", judge.formatId());
            assertEquals("chatml", judge.chatTemplateId());

            // injected by the Spring AI type, as an application would
            Evaluator evaluator = ctx.getBean(Evaluator.class);
            GavelEvaluator gavel = assertInstanceOf(GavelEvaluator.class, evaluator);
            assertEquals(GavelEvaluator.Preset.FACT_CHECKING, gavel.preset());
            assertEquals(3, gavel.passThreshold());

            EvaluationResponse r = evaluator.evaluate(new EvaluationRequest("Where does the dog sleep?",
                    List.of(new Document("The dog sleeps in a red basket by the door.")),
                    "The dog sleeps in a red basket."));
            Map<String, Object> meta = r.getMetadata();
            int score = (Integer) meta.get(GavelEvaluator.META_SCORE);
            assertTrue(score >= 1 && score <= 5, "score " + score);
            assertEquals(score >= 3, r.isPass());
            assertTrue(r.getScore() >= 0 && r.getScore() <= 1, "normalised score " + r.getScore());
            @SuppressWarnings("unchecked")
            Map<String, Object> provenance = (Map<String, Object>) meta.get(GavelEvaluator.META_PROVENANCE);
            assertEquals(judge.model().sha256(), provenance.get("modelSha256"));
            assertEquals("score-only", provenance.get("mode"));
            // score-only has no feedback of its own: the rubric's description of the score stands in
            assertTrue(r.getFeedback().startsWith("Score " + score + ": "), r.getFeedback());
            assertFalse(judge.isClosed());
        }
        assertTrue(judge.isClosed(), "closing the context must close the judge");
        Rubric rubric = Rubric.passFail("Is it a story?", "No.", "Yes.");
        assertThrows(IllegalStateException.class, () -> judge.grade(new AbsoluteRequest("Tell a story.", "Once.", rubric)));
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GavelAutoConfiguration.class));

    @Test
    void withoutAModelPathTheStarterCreatesNothing() {
        runner.run(ctx -> {
            assertNotNull(ctx);
            assertTrue(ctx.getBeansOfType(Judge.class).isEmpty());
            assertTrue(ctx.getBeansOfType(Evaluator.class).isEmpty());
        });
    }

    @Test
    void anOutOfRangePropertyFailsTheStartWithTheOptionsMessage() {
        runner.withPropertyValues("gavel.model-path=/nonexistent.gguf", "gavel.parallel=-1").run(ctx -> {
            Throwable root = rootCause(ctx.getStartupFailure());
            assertInstanceOf(IllegalArgumentException.class, root);
            assertTrue(root.getMessage().contains("parallel must be >= 1"), root.getMessage());
        });
    }

    @Test
    void aMissingModelFileFailsTheStartWithTheLoadError() {
        runner.withPropertyValues("gavel.model-path=/nonexistent/judge.gguf").run(ctx -> {
            ModelLoadException e = assertInstanceOf(ModelLoadException.class, rootCause(ctx.getStartupFailure()));
            assertEquals(ModelLoadException.Reason.NOT_READABLE, e.reason());
        });
    }

    /** An application that defines its own evaluator on the starter's judge. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OwnEvaluator {
        @org.springframework.context.annotation.Bean
        GavelEvaluator strictRelevancy(Judge judge) {
            return GavelEvaluator.builder(judge).passThreshold(5).build();
        }
    }

    @Test
    void anApplicationsOwnEvaluatorReplacesTheStartersAndUsesItsJudge() {
        Path model = SharedFixtures.model("stories260K.gguf");
        runner.withPropertyValues("gavel.model-path=" + model, "gavel.chat-template=chatml", "gavel.parallel=1")
                .withUserConfiguration(OwnEvaluator.class)
                .run(ctx -> {
                    assertEquals(List.of("strictRelevancy"), List.of(ctx.getBeanNamesForType(Evaluator.class)));
                    assertEquals(5, ctx.getBean(GavelEvaluator.class).passThreshold());
                    assertEquals(1, ctx.getBean(Judge.class).options().parallel());
                });
    }

    @Test
    void withOnlyAModelPathTheEvaluatorIsRelevancyAndTheJudgeHasTheLibraryDefaults() {
        Path model = SharedFixtures.model("stories260K.gguf");
        runner.withPropertyValues("gavel.model-path=" + model).run(ctx -> {
            GavelEvaluator e = ctx.getBean(GavelEvaluator.class);
            assertEquals(GavelEvaluator.Preset.RELEVANCY, e.preset());
            assertEquals(4, e.passThreshold());
            JudgeOptions defaults = JudgeOptions.defaults();
            JudgeOptions o = ctx.getBean(Judge.class).options();
            assertEquals(defaults.parallel(), o.parallel());
            assertEquals(defaults.contextSize(), o.contextSize());
            assertEquals(defaults.format(), o.format());
            assertEquals(defaults.mode(), o.mode());
        });
    }

    @Test
    void thePropertiesAreDescribedForIdes() throws Exception {
        try (var in = GavelAutoConfigurationTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "spring-boot-configuration-processor wrote no metadata");
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String name : List.of("gavel.model-path", "gavel.format", "gavel.parallel", "gavel.threads",
                    "gavel.gpu-layers", "gavel.context-size", "gavel.mode", "gavel.evaluator.preset",
                    "gavel.evaluator.pass-threshold")) {
                assertTrue(json.contains("\"name\": \"" + name + "\""), name);
            }
        }
    }

    private static Throwable rootCause(Throwable t) {
        assertNotNull(t, "the context should have failed to start");
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
