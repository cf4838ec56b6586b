package dev.gavel.langchain4j;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeException;
import dev.gavel.Judgment;
import dev.gavel.Rubric;
import dev.gavel.judge.Judge;
import dev.langchain4j.model.chat.ChatModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Grades a LangChain4j {@link ChatModel}'s answers with a local Gavel {@link Judge}: asks the
 * model each question, then grades every answer on a rubric in one batch.
 *
 * <pre>{@code
 * ChatModelGrader grader = new ChatModelGrader(judge, rubric, 4);
 * ChatModelGrader.Report report = grader.grade(chatModel, List.of("What is 2 + 2?", "Name a prime."));
 * System.out.println(report.meanScore() + " mean, " + report.passRate() + " passed");
 * }</pre>
 *
 * The questions are asked one after the other (a chat model behind an API may rate-limit
 * concurrent calls); the grading is batched. The judge stays the caller's to close.
 */
public final class ChatModelGrader {
    private final Judge judge;
    private final Rubric rubric;
    private final int passThreshold;

    /**
     * @param passThreshold the lowest score that passes
     * @throws IllegalArgumentException when the threshold is not a score of the rubric
     */
    public ChatModelGrader(Judge judge, Rubric rubric, int passThreshold) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.rubric = Objects.requireNonNull(rubric, "rubric");
        if (!rubric.isScore(passThreshold)) {
            throw new IllegalArgumentException("pass threshold " + passThreshold + " is not a score of the rubric ("
                    + rubric.min() + "-" + rubric.max() + ")");
        }
        this.passThreshold = passThreshold;
    }

    /**
     * One question, with an optional answer that earns the top score.
     *
     * @param question        asked to the model; not blank
     * @param referenceAnswer shown to the judge as the top-score answer, or null
     */
    public record Case(String question, String referenceAnswer) {
        public Case {
            if (question == null || question.isBlank()) {
                throw new IllegalArgumentException("a question must not be blank");
            }
        }

        public static Case of(String question) {
            return new Case(question, null);
        }
    }

    /**
     * One answer and its grade.
     *
     * @param question the question asked
     * @param answer   the model's answer ("" when it returned no text)
     * @param judgment the judge's grade of it
     * @param passed   whether the score reached the pass threshold
     */
    public record GradedAnswer(String question, String answer, Judgment judgment, boolean passed) {
    }

    /**
     * The grades of all answers, in question order.
     *
     * @param answers           every answer with its judgment
     * @param meanScore         mean of the judged scores
     * @param meanExpectedScore mean of the expected scores (the judge's probabilities, not its choices)
     * @param passRate          fraction of answers that passed
     * @param passThreshold     the lowest passing score
     */
    public record Report(List<GradedAnswer> answers, double meanScore, double meanExpectedScore, double passRate,
                         int passThreshold) {
        public Report {
            answers = List.copyOf(answers);
        }
    }

    /** Asks and grades each question, without reference answers. */
    public Report grade(ChatModel model, List<String> questions) {
        return gradeCases(model, questions.stream().map(Case::of).toList());
    }

    /**
     * Asks each case's question, then grades all answers together.
     *
     * @throws IllegalArgumentException when there are no cases
     * @throws JudgingException         when the judge cannot grade an answer (the whole report is lost)
     */
    public Report gradeCases(ChatModel model, List<Case> cases) {
        Objects.requireNonNull(model, "model");
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("nothing to grade: no questions");
        }
        List<String> answers = new ArrayList<>(cases.size());
        List<AbsoluteRequest> requests = new ArrayList<>(cases.size());
        for (Case c : cases) {
            String answer = model.chat(c.question());
            answer = answer == null ? "" : answer;
            answers.add(answer);
            requests.add(new AbsoluteRequest(c.question(), answer, rubric, c.referenceAnswer()));
        }
        List<Judgment> judgments;
        try {
            judgments = judge.gradeAll(requests);
        } catch (JudgeException e) {
            throw new JudgingException("the judge could not grade the answers: " + e.getMessage(), e);
        }
        List<GradedAnswer> graded = new ArrayList<>(cases.size());
        double scoreSum = 0, expectedSum = 0;
        int passed = 0;
        for (int i = 0; i < cases.size(); i++) {
            Judgment j = judgments.get(i);
            boolean pass = j.score() >= passThreshold;
            graded.add(new GradedAnswer(cases.get(i).question(), answers.get(i), j, pass));
            scoreSum += j.score();
            expectedSum += j.expectedScore();
            passed += pass ? 1 : 0;
        }
        int n = cases.size();
        return new Report(graded, scoreSum / n, expectedSum / n, (double) passed / n, passThreshold);
    }
}
