package dev.gavel.format;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeTask;
import dev.gavel.PairwiseRequest;
import dev.gavel.StepRequest;

import java.util.Set;

/**
 * A judge prompt format: turns a request into the conversation a judge model was trained (or is
 * instructed) to answer, with the answer spec the engine decodes under.
 *
 * <p>Request texts always end up in untrusted segments; only the format's own wording is trusted.
 * A format supports a subset of {@link JudgeTask}s; the others throw
 * {@link UnsupportedOperationException}.
 */
public interface JudgeFormat {
    /** Stable id, e.g. "prometheus2". */
    String id();

    /** Hex SHA-256 of the format's templates and answer specs; part of result provenance. */
    String templateSha256();

    Set<JudgeTask> tasks();

    default boolean supports(JudgeTask task) {
        return tasks().contains(task);
    }

    default JudgeConversation absolute(AbsoluteRequest request) {
        throw unsupported(JudgeTask.ABSOLUTE);
    }

    default JudgeConversation pairwise(PairwiseRequest request) {
        throw unsupported(JudgeTask.PAIRWISE);
    }

    default JudgeConversation steps(StepRequest request) {
        throw unsupported(JudgeTask.STEPS);
    }

    default RenderedPrompt renderAbsolute(AbsoluteRequest request, ChatTemplate template) {
        return absolute(request).render(template);
    }

    default RenderedPrompt renderPairwise(PairwiseRequest request, ChatTemplate template) {
        return pairwise(request).render(template);
    }

    default RenderedPrompt renderSteps(StepRequest request, ChatTemplate template) {
        return steps(request).render(template);
    }

    private UnsupportedOperationException unsupported(JudgeTask task) {
        return new UnsupportedOperationException("format " + id() + " does not support " + task
                + " judging; it supports " + tasks());
    }
}
