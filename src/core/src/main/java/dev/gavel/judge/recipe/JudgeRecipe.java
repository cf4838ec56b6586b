package dev.gavel.judge.recipe;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeMode;
import dev.gavel.PairwiseRequest;
import dev.gavel.StepRequest;
import dev.gavel.engine.ConstraintSpec;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.engine.SamplingParams;
import dev.gavel.format.AnswerSpec;
import dev.gavel.format.ChatTemplate;
import dev.gavel.format.JudgeConversation;
import dev.gavel.format.JudgeFormat;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.tokenize.PromptTokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The one way a request becomes what the engine runs: the format writes the conversation, the
 * chat template wraps it, the mode decides whether the judge writes feedback first, the
 * tokenizer turns the prompt into ids (trusted template text with special-token parsing, request
 * text without), and the answer budget sizes the generation. {@link Judge}, the benchmark and
 * {@code gavel plan} all prepare prompts here, so the ids they run and the tokens they count
 * are the same for the same item. Immutable; thread-safe when its tokenizers are.
 *
 * @param format          the judge format
 * @param template        the chat template ({@link ChatTemplateChoice} picks the one a judge uses)
 * @param mode            feedback first, or the verdict at once
 * @param feedbackTokens  the feedback budget before the marker is forced
 * @param tokenizer       turns prompts into ids
 * @param answerTokenizer counts the marker's tokens in the vocabulary the engine generates with
 *                        (the model's own; for planning without a model, the prompt tokenizer)
 */
public record JudgeRecipe(JudgeFormat format, ChatTemplate template, JudgeMode mode, int feedbackTokens,
                          PromptTokenizer tokenizer, PromptTokenizer answerTokenizer) {
    public JudgeRecipe {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(answerTokenizer, "answerTokenizer");
        if (feedbackTokens < 0) {
            throw new IllegalArgumentException("feedbackTokens must be >= 0, got " + feedbackTokens);
        }
    }

    /** A recipe whose answer budget is counted with the prompt tokenizer. */
    public JudgeRecipe(JudgeFormat format, ChatTemplate template, JudgeMode mode, int feedbackTokens,
                       PromptTokenizer tokenizer) {
        this(format, template, mode, feedbackTokens, tokenizer, tokenizer);
    }

    /** The prompt of an absolute grading. */
    public PreparedPrompt absolute(AbsoluteRequest request) {
        return prepare(format.absolute(request));
    }

    /**
     * The prompt of a pairwise comparison in the request's order.
     *
     * @throws IllegalStateException when the format does not offer exactly two options
     */
    public PreparedPrompt pairwise(PairwiseRequest request) {
        PreparedPrompt p = prepare(format.pairwise(request));
        List<String> options = p.prompt().answer().options();
        if (options.size() != 2) {
            throw new IllegalStateException("pairwise format " + p.prompt().formatId()
                    + " must offer exactly two options (first response, second response), has " + options);
        }
        return p;
    }

    /** The prompt of a step critique. */
    public PreparedPrompt steps(StepRequest request) {
        return prepare(format.steps(request));
    }

    /** Renders a conversation in this recipe's template and mode, then tokenizes it. */
    public PreparedPrompt prepare(JudgeConversation conversation) {
        return prepare(conversation.render(template, mode));
    }

    /** Tokenizes a rendered prompt and sizes its answer. */
    public PreparedPrompt prepare(RenderedPrompt prompt) {
        return new PreparedPrompt(prompt, tokenizer.tokenize(prompt), false, answerTokens(prompt.answer()));
    }

    /**
     * Tokens the answer may append: the feedback budget, the forced marker, and the longest option
     * (at most one token per byte, plus one for a leading space and one for an end-of-generation
     * token closing an option that prefixes another). A score-only answer is the option alone.
     */
    public int answerTokens(AnswerSpec answer) {
        int option = 0;
        for (String o : answer.options()) {
            option = Math.max(option, o.getBytes(StandardCharsets.UTF_8).length + 2);
        }
        if (answer.mode() == JudgeMode.SCORE_ONLY) {
            return option;
        }
        return feedbackTokens + answerTokenizer.untrusted(answer.marker().stripTrailing()).length + option;
    }

    /** The engine request's spec for a prepared prompt, decoding with {@code sampling}. */
    public GenerationSpec generationSpec(PreparedPrompt prompt, SamplingParams sampling) {
        return generationSpec(prompt.prompt().answer(), prompt.answerTokens(), sampling);
    }

    /** The engine request's spec for a prompt that ends where {@code answer} starts, decoding with {@code sampling}. */
    public GenerationSpec generationSpec(AnswerSpec answer, SamplingParams sampling) {
        return generationSpec(answer, answerTokens(answer), sampling);
    }

    private GenerationSpec generationSpec(AnswerSpec answer, int maxTokens, SamplingParams sampling) {
        ConstraintSpec constraint = answer.mode() == JudgeMode.SCORE_ONLY ? new ConstraintSpec.Choice(answer.options())
                : new ConstraintSpec.FreeTextThenChoice(feedbackTokens, answer.marker(), answer.options());
        return new GenerationSpec(maxTokens, sampling, List.of(), constraint);
    }

    /** The template hash every prompt of this recipe carries, known before any is rendered. */
    public String templateSha256() {
        return JudgeConversation.templateSha256(format.templateSha256(), template, mode);
    }
}
