package dev.gavel.bench;

import dev.gavel.format.PrometheusFormat;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.format.StandardChatTemplate;
import dev.gavel.judge.recipe.JudgeRecipe;
import dev.gavel.judge.recipe.PreparedPrompt;
import dev.gavel.llama.Vocabulary;
import dev.gavel.tokenize.PromptTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a workload's prompts once for every contender, through the Judge's own recipe:
 * Prometheus 2 with the Mistral chat template (its training layout, and what the Judge picks for
 * it), tokenized as the Judge tokenizes them with llama.cpp's vocabulary, so the engine
 * contenders run the very ids the Judge API would.
 */
public final class PromptPreparer {
    private final Vocabulary vocabulary;
    private final int feedbackTokens;

    /**
     * @param feedbackTokens the feedback budget of the run's feedback scenarios
     */
    public PromptPreparer(Vocabulary vocabulary, int feedbackTokens) {
        this.vocabulary = vocabulary;
        this.feedbackTokens = feedbackTokens;
    }

    /** The Judge's recipe for the bench's format and template in {@code scenario}. */
    static JudgeRecipe recipe(Vocabulary vocabulary, BenchScenario scenario, int feedbackTokens) {
        return new JudgeRecipe(new PrometheusFormat(), StandardChatTemplate.MISTRAL, scenario.judgeMode(), feedbackTokens,
                PromptTokenizer.llama(vocabulary));
    }

    /** Prompts for every item: full prompts for feedback and samples, marker-terminated ones for score-only. */
    public List<BenchPrompt> prepare(Workload workload, BenchScenario scenario) {
        JudgeRecipe recipe = recipe(vocabulary, scenario, feedbackTokens);
        List<BenchPrompt> out = new ArrayList<>(workload.items().size());
        for (WorkItem item : workload.items()) {
            PreparedPrompt p = item.absolute() != null ? recipe.absolute(item.absolute()) : recipe.pairwise(item.pairwise());
            RenderedPrompt r = p.prompt();
            out.add(new BenchPrompt(item.id(), item.group(), p.tokens(), r.text(), wholeTextTokens(r.text()), r.answer()));
        }
        return out;
    }

    /** Token count of the whole text as jllama's server tokenizes it (BOS added, special parsing on). */
    int wholeTextTokens(String text) {
        return vocabulary.tokenize(text, true, true).length;
    }
}
