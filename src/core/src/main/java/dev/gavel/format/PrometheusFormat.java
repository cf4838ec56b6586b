package dev.gavel.format;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeTask;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus 2 (prometheus-eval/prometheus-7b-v2.0, 8x7b-v2.0, and the m-Prometheus models):
 * absolute grading on a 1-5 rubric and relative (pairwise) grading, each with and without a
 * reference answer.
 *
 * <p>The prompts reproduce the published templates byte for byte. Absolute grading uses the
 * README / training-data wording ("Feedback: (write a feedback for criteria) [RESULT] ..."),
 * which is also the exact text of the prometheus-eval benchmark files (Vicuna, HHH). Relative
 * grading uses prometheus_eval/prompts.py as of prometheus-eval@dcfb442; its rubric slot gets
 * the criterion in brackets, "[criterion]", as the prometheus-eval benchmark code passes it.
 *
 * <p>The system prompts are prometheus-eval's ABS_SYSTEM_PROMPT and REL_SYSTEM_PROMPT. Prometheus
 * was trained with them in front of the user message, separated by a blank line, in Mistral's
 * [INST] format: render with {@link StandardChatTemplate#MISTRAL} for the trained layout.
 *
 * <p>Answer: feedback, then {@code "[RESULT] "} and the score ("1".."5") or "A"/"B". Score-only
 * rendering prefills "[RESULT] " after the (optional) feedback, as prometheus-eval's own
 * two-pass scoring does (feedback + " [RESULT] " + score).
 */
public final class PrometheusFormat implements JudgeFormat {
    public static final String ID = "prometheus2";

    /** The answer marker, with the space the model writes before the score. */
    public static final String MARKER = "[RESULT] ";

    public static final String ABSOLUTE_SYSTEM_PROMPT = "You are a fair judge assistant tasked with providing clear, objective feedback based on specific criteria, ensuring each assessment reflects the absolute standards set for performance.";

    public static final String RELATIVE_SYSTEM_PROMPT = "You are a fair judge assistant assigned to deliver insightful feedback that compares individual performances, highlighting how each stands relative to others within the same cohort.";

    static final String ABSOLUTE = """
            ###Task Description:
            An instruction (might include an Input inside it), a response to evaluate, a reference answer that gets a score of 5, and a score rubric representing a evaluation criteria are given.
            1. Write a detailed feedback that assess the quality of the response strictly based on the given score rubric, not evaluating in general.
            2. After writing a feedback, write a score that is an integer between 1 and 5. You should refer to the score rubric.
            3. The output format should look as follows: "Feedback: (write a feedback for criteria) [RESULT] (an integer number between 1 and 5)"
            4. Please do not generate any other opening, closing, and explanations.

            ###The instruction to evaluate:
            {instruction}

            ###Response to evaluate:
            {response}

            ###Reference Answer (Score 5):
            {reference_answer}

            ###Score Rubrics:
            {rubric}

            ###Feedback:\s""";

    static final String ABSOLUTE_WO_REF = """
            ###Task Description:
            An instruction (might include an Input inside it), a response to evaluate, and a score rubric representing a evaluation criteria are given.
            1. Write a detailed feedback that assess the quality of the response strictly based on the given score rubric, not evaluating in general.
            2. After writing a feedback, write a score that is an integer between 1 and 5. You should refer to the score rubric.
            3. The output format should look as follows: "Feedback: (write a feedback for criteria) [RESULT] (an integer number between 1 and 5)"
            4. Please do not generate any other opening, closing, and explanations.

            ###The instruction to evaluate:
            {instruction}

            ###Response to evaluate:
            {response}

            ###Score Rubrics:
            {rubric}

            ###Feedback:\s""";

    static final String RELATIVE = """
            ###Task Description:
            An instruction (might include an Input inside it), two responses to evaluate (denoted as Response A and Response B), a reference answer, and an evaluation criteria are given.
            1. Write a detailed feedback that assess the quality of the two responses strictly based on the given evaluation criteria, not evaluating in general.
            2. Make comparisons between Response A, Response B, and the Reference Answer. Instead of examining Response A and Response B separately, go straight to the point and mention about the commonalities and differences between them.
            3. After writing the feedback, indicate the better response, either "A" or "B".
            4. The output format should look as follows: "Feedback: (write a feedback for criteria) [RESULT] (Either "A" or "B")"
            5. Please do not generate any other opening, closing, and explanations.

            ###Instruction:
            {instruction}

            ###Response A:
            {response_A}

            ###Response B:
            {response_B}

            ###Reference Answer:
            {reference_answer}

            ###Score Rubric:
            {rubric}

            ###Feedback:\s""";

    // Published as is: it still mentions "the Reference Answer" although none is given.
    static final String RELATIVE_WO_REF = """
            ###Task Description:
            An instruction (might include an Input inside it), two responses to evaluate (denoted as Response A and Response B), and an evaluation criteria are given.
            1. Write a detailed feedback that assess the quality of the two responses strictly based on the given evaluation criteria, not evaluating in general.
            2. Make comparisons between Response A, Response B, and the Reference Answer. Instead of examining Response A and Response B separately, go straight to the point and mention about the commonalities and differences between them.
            3. After writing the feedback, indicate the better response, either "A" or "B".
            4. The output format should look as follows: "Feedback: (write a feedback for criteria) [RESULT] (Either "A" or "B")"
            5. Please do not generate any other opening, closing, and explanations.

            ###Instruction:
            {instruction}

            ###Response A:
            {response_A}

            ###Response B:
            {response_B}

            ###Score Rubric:
            {rubric}

            ###Feedback:\s""";

    private static final Set<String> SLOTS = Set.of("instruction", "response", "response_A", "response_B",
            "reference_answer", "rubric");
    private static final List<String> SCORES = List.of("1", "2", "3", "4", "5");
    private static final List<String> SIDES = List.of("A", "B");

    private final PlaceholderTemplate absolute = PlaceholderTemplate.parse(ABSOLUTE, SLOTS);
    private final PlaceholderTemplate absoluteWoRef = PlaceholderTemplate.parse(ABSOLUTE_WO_REF, SLOTS);
    private final PlaceholderTemplate relative = PlaceholderTemplate.parse(RELATIVE, SLOTS);
    private final PlaceholderTemplate relativeWoRef = PlaceholderTemplate.parse(RELATIVE_WO_REF, SLOTS);
    private final String sha256 = Sha256.of(ID, ABSOLUTE_SYSTEM_PROMPT, RELATIVE_SYSTEM_PROMPT, ABSOLUTE,
            ABSOLUTE_WO_REF, RELATIVE, RELATIVE_WO_REF, MARKER, "[criterion]");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String templateSha256() {
        return sha256;
    }

    @Override
    public Set<JudgeTask> tasks() {
        return EnumSet.of(JudgeTask.ABSOLUTE, JudgeTask.PAIRWISE);
    }

    /** The user message alone, which is exactly the "instruction" field of prometheus-eval's benchmark files. */
    public PromptText absoluteUserMessage(AbsoluteRequest request) {
        Rubric rubric = request.rubric();
        if (rubric.min() != 1 || rubric.max() != 5) {
            throw new IllegalArgumentException("Prometheus 2 absolute grading takes a 1-5 rubric, got "
                    + rubric.min() + "-" + rubric.max());
        }
        Map<String, PromptText> values = new java.util.HashMap<>();
        values.put("instruction", PromptText.content(request.instruction()));
        values.put("response", PromptText.content(request.response()));
        values.put("rubric", RubricText.prometheus(rubric));
        request.reference().ifPresent(r -> values.put("reference_answer", PromptText.content(r)));
        return (request.reference().isPresent() ? absolute : absoluteWoRef).render(values);
    }

    @Override
    public JudgeConversation absolute(AbsoluteRequest request) {
        return new JudgeConversation(PromptText.template(ABSOLUTE_SYSTEM_PROMPT), absoluteUserMessage(request),
                AnswerSpec.feedbackThenScore(MARKER, SCORES), ID, sha256);
    }

    /** The relative-grading user message alone, prometheus-eval's RELATIVE_PROMPT(_WO_REF) filled in. */
    public PromptText pairwiseUserMessage(PairwiseRequest request) {
        Map<String, PromptText> values = new java.util.HashMap<>();
        values.put("instruction", PromptText.content(request.instruction()));
        values.put("response_A", PromptText.content(request.responseA()));
        values.put("response_B", PromptText.content(request.responseB()));
        values.put("rubric", RubricText.bracketed(request.criterion()));
        request.reference().ifPresent(r -> values.put("reference_answer", PromptText.content(r)));
        return (request.reference().isPresent() ? relative : relativeWoRef).render(values);
    }

    @Override
    public JudgeConversation pairwise(PairwiseRequest request) {
        return new JudgeConversation(PromptText.template(RELATIVE_SYSTEM_PROMPT), pairwiseUserMessage(request),
                AnswerSpec.feedbackThenScore(MARKER, SIDES), ID, sha256);
    }
}
