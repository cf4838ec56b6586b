package dev.gavel.format;

import dev.gavel.JudgeTask;
import dev.gavel.StepRequest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step-level judging with ProcessBench's critic prompt (QwenLM/ProcessBench,
 * code/templates/critique_template.txt, filled as its run_eval.py does): the steps are wrapped
 * in {@code <paragraph_i>} tags, indexed from 0, and the model names the earliest wrong
 * paragraph, or -1 when none is wrong, as {@code \boxed{index}}.
 *
 * <p>ProcessBench sends this as the only (user) message, with no system prompt. Answer spec:
 * feedback (the critique) then marker {@code "\boxed{"}, options "-1", "0".."n-1", close
 * <code>"}"</code>. Score-only rendering prefills "\boxed{" and so skips the critique, which
 * ProcessBench never does; expect lower accuracy from it.
 */
public final class ProcessBenchFormat implements JudgeFormat {
    public static final String ID = "processbench-critique";
    public static final String MARKER = "\\boxed{";
    public static final String CLOSE = "}";

    static final String TEMPLATE = """
            The following is a math problem and a solution (split into paragraphs, enclosed with tags and indexed from 0):

            [Math Problem]

            {problem}

            [Solution]

            {tagged_response}

            Your task is to review and critique the solution paragraph by paragraph. Once you identify an error in a paragraph, return the index of the paragraph where the earliest error occurs. Otherwise, return the index of -1 (which typically denotes "not found").

            Please put your final answer (i.e., the index) in \\boxed{{}}.""";

    private final PlaceholderTemplate template = PlaceholderTemplate.parse(TEMPLATE, Set.of("problem", "tagged_response"));
    private final String sha256 = Sha256.of(ID, TEMPLATE, "<paragraph_{i}>\n{step}\n</paragraph_{i}>", MARKER, CLOSE);

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
        return EnumSet.of(JudgeTask.STEPS);
    }

    @Override
    public JudgeConversation steps(StepRequest request) {
        List<String> steps = request.steps();
        PromptText.Builder tagged = PromptText.builder();
        List<String> options = new ArrayList<>(steps.size() + 1);
        options.add("-1");
        for (int i = 0; i < steps.size(); i++) {
            // ProcessBench joins "<paragraph_i>\n{step}\n</paragraph_i>\n\n" and strips the result,
            // which only removes the final blank line: tags always bound the text.
            tagged.template((i == 0 ? "" : "\n\n") + "<paragraph_" + i + ">\n").content(steps.get(i))
                    .template("\n</paragraph_" + i + ">");
            options.add(Integer.toString(i));
        }
        PromptText user = template.render(Map.of("problem", PromptText.content(request.problem()),
                "tagged_response", tagged.build()));
        AnswerSpec answer = AnswerSpec.feedbackThenScore(MARKER, options).withClose(CLOSE);
        return new JudgeConversation(PromptText.empty(), user, answer, ID, sha256);
    }
}
