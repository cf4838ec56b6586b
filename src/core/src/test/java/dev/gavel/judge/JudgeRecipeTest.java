package dev.gavel.judge;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeMode;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import dev.gavel.engine.ConstraintSpec;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.engine.SamplingParams;
import dev.gavel.format.JudgeConversation;
import dev.gavel.format.PrometheusFormat;
import dev.gavel.format.StandardChatTemplate;
import dev.gavel.judge.recipe.JudgeRecipe;
import dev.gavel.judge.recipe.PreparedPrompt;
import dev.gavel.testing.CharTokenizer;
import dev.gavel.tokenize.PromptTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recipe on a character tokenizer: what it renders, the ids, the answer budget and the engine spec. */
class JudgeRecipeTest {
    static final Rubric RUBRIC = Rubric.of("Is it right?", "No.", "Barely.", "Partly.", "Mostly.", "Yes.");
    static final AbsoluteRequest REQUEST = new AbsoluteRequest("What is 2 + 2?", "4", RUBRIC);
    static final PrometheusFormat FORMAT = new PrometheusFormat();

    private static JudgeRecipe recipe(JudgeMode mode, int feedbackTokens) {
        return new JudgeRecipe(FORMAT, StandardChatTemplate.CHATML, mode, feedbackTokens, CharTokenizer.INSTANCE);
    }

    @Test
    void thePromptIsTheFormatsConversationInTheTemplateTokenizedByTrust() {
        PreparedPrompt p = recipe(JudgeMode.FEEDBACK_THEN_SCORE, 12).absolute(REQUEST);
        JudgeConversation c = FORMAT.absolute(REQUEST);
        assertEquals(c.render(StandardChatTemplate.CHATML), p.prompt());
        assertArrayEquals(CharTokenizer.INSTANCE.tokenize(p.prompt()), p.tokens());
        assertEquals(0, p.tokens()[0], "BOS first");
        assertFalse(p.elided());
    }

    @Test
    void theAnswerBudgetIsFeedbackMarkerAndTheLongestOption() {
        PreparedPrompt full = recipe(JudgeMode.FEEDBACK_THEN_SCORE, 12).absolute(REQUEST);
        // "[RESULT]" is 8 characters; the longest option "5" is 1 byte, plus a leading space and an end token.
        assertEquals(12 + 8 + 3, full.answerTokens());
        assertEquals(full.length() + full.answerTokens(), full.totalTokens());
        PreparedPrompt scoreOnly = recipe(JudgeMode.SCORE_ONLY, 12).absolute(REQUEST);
        assertEquals(3, scoreOnly.answerTokens(), "a score-only answer is the option alone");
        assertTrue(scoreOnly.prompt().text().endsWith(PrometheusFormat.MARKER), scoreOnly.prompt().text());
        assertTrue(scoreOnly.prompt().scoreOnly());
    }

    @Test
    void theMarkerIsCountedInTheGeneratingVocabulary() {
        PromptTokenizer oneTokenMarker = new CharTokenizer() {
            @Override
            public int[] untrusted(String text) {
                return text.equals("[RESULT]") ? new int[] {7} : super.untrusted(text);
            }
        };
        JudgeRecipe r = new JudgeRecipe(FORMAT, StandardChatTemplate.CHATML, JudgeMode.FEEDBACK_THEN_SCORE, 12,
                CharTokenizer.INSTANCE, oneTokenMarker);
        assertEquals(12 + 1 + 3, r.absolute(REQUEST).answerTokens());
    }

    @Test
    void theEngineSpecConstrainsAsTheModeAsksAndIsSizedByTheBudget() {
        SamplingParams sampling = new SamplingParams(1f, 0, 0.9f, 0f, 5);
        JudgeRecipe full = recipe(JudgeMode.FEEDBACK_THEN_SCORE, 12);
        PreparedPrompt p = full.absolute(REQUEST);
        GenerationSpec spec = full.generationSpec(p, sampling);
        assertEquals(p.answerTokens(), spec.maxTokens());
        assertEquals(sampling, spec.sampling());
        ConstraintSpec.FreeTextThenChoice c = assertInstanceOf(ConstraintSpec.FreeTextThenChoice.class, spec.constraint());
        assertEquals(new ConstraintSpec.FreeTextThenChoice(12, PrometheusFormat.MARKER, List.of("1", "2", "3", "4", "5")), c);
        assertEquals(spec, full.generationSpec(p.prompt().answer(), sampling), "the budget is the answer's either way");

        JudgeRecipe fast = recipe(JudgeMode.SCORE_ONLY, 12);
        GenerationSpec choice = fast.generationSpec(fast.absolute(REQUEST), SamplingParams.greedy());
        assertEquals(new ConstraintSpec.Choice(List.of("1", "2", "3", "4", "5")), choice.constraint());
        assertEquals(3, choice.maxTokens());
    }

    @Test
    void theTemplateHashIsKnownBeforehandInBothModes() {
        for (JudgeMode mode : JudgeMode.values()) {
            JudgeRecipe r = recipe(mode, 4);
            assertEquals(r.absolute(REQUEST).prompt().templateSha256(), r.templateSha256(), mode.id());
        }
        assertFalse(recipe(JudgeMode.SCORE_ONLY, 4).templateSha256().equals(recipe(JudgeMode.FEEDBACK_THEN_SCORE, 4)
                .templateSha256()));
    }

    @Test
    void pairwisePromptsOfferTwoOptionsInTheRequestsOrder() {
        JudgeRecipe r = recipe(JudgeMode.FEEDBACK_THEN_SCORE, 4);
        PairwiseRequest request = PairwiseRequest.of("Pick one.", "first", "second", RUBRIC, null);
        PreparedPrompt forward = r.pairwise(request);
        PreparedPrompt reversed = r.pairwise(request.swapped());
        assertEquals(List.of("A", "B"), forward.prompt().answer().options());
        assertTrue(forward.prompt().text().indexOf("first") < forward.prompt().text().indexOf("second"));
        assertTrue(reversed.prompt().text().indexOf("second") < reversed.prompt().text().indexOf("first"));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> recipe(JudgeMode.FEEDBACK_THEN_SCORE, -1));
        assertThrows(NullPointerException.class, () -> new JudgeRecipe(FORMAT, null, JudgeMode.SCORE_ONLY, 1,
                CharTokenizer.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new PreparedPrompt(
                recipe(JudgeMode.SCORE_ONLY, 1).absolute(REQUEST).prompt(), new int[] {1}, false, 0));
    }
}
