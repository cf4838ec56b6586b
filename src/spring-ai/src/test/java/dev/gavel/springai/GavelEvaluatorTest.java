package dev.gavel.springai;

import dev.gavel.AbsoluteRequest;
import dev.gavel.InputTooLongException;
import dev.gavel.JudgeMode;
import dev.gavel.Judgment;
import dev.gavel.Rubric;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GavelEvaluator} on a real judge (stories260K): the response is the judgment, reshaped.
 * Score-only where the point is the wiring; feedback mode where the feedback is the point.
 */
class GavelEvaluatorTest {
    private static Judge judge;

    @BeforeAll
    static void open() throws Exception {
        judge = Judge.open(SharedFixtures.model("stories260K.gguf"), JudgeOptions.builder()
                .chatTemplate("chatml").mode(JudgeMode.SCORE_ONLY).parallel(2).contextSize(2048).build());
    }

    @AfterAll
    static void close() {
        if (judge != null) {
            judge.close();
        }
    }

    @Test
    void passScoreAndFeedbackAreTheJudgmentsOwn() throws Exception {
        try (Judge feedbackJudge = Judge.open(SharedFixtures.model("stories260K.gguf"), JudgeOptions.builder()
                .chatTemplate("chatml").feedbackTokens(8).parallel(2).contextSize(2048).build())) {
            passScoreAndFeedbackAreTheJudgmentsOwn(feedbackJudge);
        }
    }

    private static void passScoreAndFeedbackAreTheJudgmentsOwn(Judge judge) throws Exception {
        GavelEvaluator relevancy = GavelEvaluator.relevancy(judge);
        EvaluationRequest request = new EvaluationRequest("Write a short story about a dog.",
                List.of(new Document("Max is a dog who likes the park.")),
                "Once upon a time there was a dog named Max. He liked to play in the park.");
        EvaluationResponse r = relevancy.evaluate(request);

        // the same request straight through the judge gives the same judgment (greedy decoding)
        Judgment direct = judge.grade(relevancy.toRequest(request));
        Map<String, Object> meta = r.getMetadata();
        Judgment j = (Judgment) meta.get(GavelEvaluator.META_JUDGMENT);
        assertEquals(direct.score(), j.score());
        // The two gradings may run in different batch shapes (the second starts from the cached
        // prompt), whose float rounding moves the distribution in its third decimal.
        assertEquals(direct.expectedScore(), j.expectedScore(), 1e-2);
        assertEquals(j.score(), meta.get(GavelEvaluator.META_SCORE));
        assertEquals(j.score() >= 4, r.isPass());
        assertEquals((j.expectedScore() - 1) / 4, r.getScore(), 1e-6);
        assertEquals(j.feedback().isBlank() ? "Score " + j.score() + ": " + relevancy.rubric().description(j.score())
                : j.feedback(), r.getFeedback());

        @SuppressWarnings("unchecked")
        Map<String, Double> dist = (Map<String, Double>) meta.get(GavelEvaluator.META_DISTRIBUTION);
        assertEquals(List.of("1", "2", "3", "4", "5"), List.copyOf(dist.keySet()));
        assertEquals(1.0, dist.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        double expected = 0;
        for (Map.Entry<String, Double> e : dist.entrySet()) {
            expected += Integer.parseInt(e.getKey()) * e.getValue();
        }
        assertEquals(j.expectedScore(), expected, 1e-9);
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = (Map<String, Object>) meta.get(GavelEvaluator.META_PROVENANCE);
        assertEquals(judge.model().sha256(), provenance.get("modelSha256"));
        assertEquals("feedback-then-score", provenance.get("mode"));
        assertEquals(1, meta.get(GavelEvaluator.META_RUBRIC_MIN));
        assertEquals(5, meta.get(GavelEvaluator.META_RUBRIC_MAX));
    }

    @Test
    void relevancyPutsTheQuestionAndContextInTheInstructionAndFactCheckingTheDocument() {
        EvaluationRequest request = new EvaluationRequest("Where does the dog sleep?",
                List.of(new Document("The dog sleeps in a basket."), new Document("The cat sleeps on the bed.")),
                "In a basket.");
        AbsoluteRequest rel = GavelEvaluator.relevancy(judge).toRequest(request);
        assertTrue(rel.instruction().startsWith("Where does the dog sleep?"), rel.instruction());
        assertTrue(rel.instruction().contains("The dog sleeps in a basket."), rel.instruction());
        assertTrue(rel.instruction().contains("The cat sleeps on the bed."), rel.instruction());
        assertEquals("In a basket.", rel.response());
        assertEquals(GavelEvaluator.Preset.RELEVANCY.rubric(), rel.rubric());

        AbsoluteRequest fact = GavelEvaluator.factChecking(judge).toRequest(request);
        assertTrue(fact.instruction().contains("Document:\nThe dog sleeps in a basket."), fact.instruction());
        assertTrue(fact.instruction().contains("Question: Where does the dog sleep?"), fact.instruction());
        assertEquals("In a basket.", fact.response());
        assertEquals(GavelEvaluator.Preset.FACT_CHECKING.rubric(), fact.rubric());
    }

    @Test
    void whatAPresetNeedsIsRequired() {
        IllegalArgumentException noDocs = assertThrows(IllegalArgumentException.class,
                () -> GavelEvaluator.factChecking(judge).evaluate(new EvaluationRequest("Q?", "A claim.")));
        assertTrue(noDocs.getMessage().contains("documents"), noDocs.getMessage());
        IllegalArgumentException noQuestion = assertThrows(IllegalArgumentException.class,
                () -> GavelEvaluator.relevancy(judge).evaluate(new EvaluationRequest(List.of(new Document("d")), "a")));
        assertTrue(noQuestion.getMessage().contains("question"), noQuestion.getMessage());
    }

    @Test
    void aCustomRubricAndThresholdDecidePass() {
        Rubric dogs = Rubric.of("Is the response a story about a dog?", "Not a story.", "A story, no dog.",
                "A dog is mentioned.", "Mostly about a dog.", "A story about a dog.");
        GavelEvaluator lenient = GavelEvaluator.builder(judge).rubric(dogs).passThreshold(1).build();
        EvaluationResponse r = lenient.evaluate(new EvaluationRequest("Tell a story.", "The dog ran home."));
        assertTrue(r.isPass(), "every score of a 1-5 rubric reaches threshold 1");
        assertEquals(dogs, lenient.rubric());
        GavelEvaluator strict = GavelEvaluator.builder(judge).rubric(dogs).passThreshold(5).build();
        EvaluationResponse s = strict.evaluate(new EvaluationRequest("Tell a story.", "The dog ran home."));
        assertEquals(r.getMetadata().get(GavelEvaluator.META_SCORE), s.getMetadata().get(GavelEvaluator.META_SCORE));
        assertEquals((Integer) s.getMetadata().get(GavelEvaluator.META_SCORE) == 5, s.isPass());

        assertEquals(1, GavelEvaluator.defaultPassThreshold(Rubric.passFail("Ok?", "No.", "Yes.")));
        assertEquals(4, GavelEvaluator.defaultPassThreshold(GavelEvaluator.Preset.RELEVANCY.rubric()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GavelEvaluator.builder(judge).passThreshold(6).build());
        assertTrue(e.getMessage().contains("1-5"), e.getMessage());
    }

    @Test
    void aResponseTooLongForTheContextIsATypedFailure() {
        String huge = "The dog ran. ".repeat(800);
        GavelEvaluationException e = assertThrows(GavelEvaluationException.class,
                () -> GavelEvaluator.relevancy(judge).evaluate(new EvaluationRequest("Tell a story.", huge)));
        assertInstanceOf(InputTooLongException.class, e.getCause());
        assertNotNull(e.getMessage());
        assertFalse(judge.isClosed());
    }
}
