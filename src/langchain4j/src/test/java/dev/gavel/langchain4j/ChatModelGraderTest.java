package dev.gavel.langchain4j;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeMode;
import dev.gavel.Judgment;
import dev.gavel.Rubric;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ChatModelGrader}: a chat model with fixed answers (the test's input), graded by a real judge. */
class ChatModelGraderTest {
    static final Rubric RUBRIC = Rubric.of("Does the answer tell a short story about the animal asked for?",
            "No story, or the wrong animal.", "Barely a story.", "A story, loosely about the animal.",
            "A story about the animal with small lapses.", "A coherent story about the animal.");

    /** A ChatModel that answers from a table and remembers what it was asked. */
    static final class FixedAnswers implements ChatModel {
        final Map<String, String> answers;
        final List<String> asked = new ArrayList<>();

        FixedAnswers(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            String question = ((UserMessage) request.messages().getLast()).singleText();
            asked.add(question);
            return ChatResponse.builder().aiMessage(AiMessage.from(answers.getOrDefault(question, ""))).build();
        }
    }

    private static Judge judge;

    @BeforeAll
    static void open() throws Exception {
        judge = Judge.open(SharedFixtures.model("stories260K.gguf"), JudgeOptions.builder().chatTemplate("chatml")
                .mode(JudgeMode.SCORE_ONLY).parallel(3).contextSize(4096).build());
    }

    @AfterAll
    static void close() {
        if (judge != null) {
            judge.close();
        }
    }

    @Test
    void everyAnswerIsAskedThenGradedAndTheReportAddsThemUp() throws Exception {
        FixedAnswers chat = new FixedAnswers(Map.of(
                "Tell a story about a dog.", "Once upon a time there was a dog named Max. He liked to play.",
                "Tell a story about a cat.", "The cat sat on the mat. It was sunny.",
                "Tell a story about a bird.", "Lily went to the shop."));
        List<String> questions = List.of("Tell a story about a dog.", "Tell a story about a cat.", "Tell a story about a bird.");
        ChatModelGrader grader = new ChatModelGrader(judge, RUBRIC, 3);
        ChatModelGrader.Report report = grader.grade(chat, questions);

        assertEquals(questions, chat.asked);
        assertEquals(3, report.answers().size());
        double sum = 0, expected = 0;
        int passed = 0;
        for (int i = 0; i < 3; i++) {
            ChatModelGrader.GradedAnswer a = report.answers().get(i);
            assertEquals(questions.get(i), a.question());
            assertEquals(chat.answers.get(questions.get(i)), a.answer());
            Judgment j = a.judgment();
            assertTrue(RUBRIC.isScore(j.score()));
            assertEquals(j.score() >= 3, a.passed());
            // graded exactly as the judge grades the question and answer on the rubric
            Judgment direct = judge.grade(new AbsoluteRequest(a.question(), a.answer(), RUBRIC));
            assertEquals(direct.score(), j.score(), "answer " + i);
            sum += j.score();
            expected += j.expectedScore();
            passed += a.passed() ? 1 : 0;
        }
        assertEquals(sum / 3, report.meanScore(), 1e-12);
        assertEquals(expected / 3, report.meanExpectedScore(), 1e-12);
        assertEquals(passed / 3.0, report.passRate(), 1e-12);
        assertEquals(3, report.passThreshold());
    }

    @Test
    void aReferenceAnswerReachesTheJudge() {
        FixedAnswers chat = new FixedAnswers(Map.of("Tell a story about a dog.", "The dog ran."));
        ChatModelGrader grader = new ChatModelGrader(judge, RUBRIC, 4);
        ChatModelGrader.Report report = grader.gradeCases(chat, List.of(
                new ChatModelGrader.Case("Tell a story about a dog.", "Max the dog found a ball and played all day.")));
        assertEquals(1, report.answers().size());
        assertTrue(report.answers().getFirst().judgment().tokens().prompt()
                > judge.promptTokens(new AbsoluteRequest("Tell a story about a dog.", "The dog ran.", RUBRIC)),
                "the reference answer should lengthen the prompt");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChatModelGrader(judge, RUBRIC, 0));
        ChatModelGrader grader = new ChatModelGrader(judge, RUBRIC, 4);
        assertThrows(IllegalArgumentException.class, () -> grader.grade(new FixedAnswers(Map.of()), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ChatModelGrader.Case.of(" "));
    }
}
