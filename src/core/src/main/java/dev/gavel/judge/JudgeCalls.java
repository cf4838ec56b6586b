package dev.gavel.judge;

import dev.gavel.AbsoluteRequest;
import dev.gavel.GavelVersion;
import dev.gavel.InputTooLongException;
import dev.gavel.JudgeTask;
import dev.gavel.Judgment;
import dev.gavel.ModelProvenance;
import dev.gavel.OrderResult;
import dev.gavel.PairwiseJudgment;
import dev.gavel.PairwiseRequest;
import dev.gavel.Provenance;
import dev.gavel.Sample;
import dev.gavel.StepJudgment;
import dev.gavel.StepRequest;
import dev.gavel.engine.ChoiceResult;
import dev.gavel.engine.EnginePool;
import dev.gavel.engine.Generation;
import dev.gavel.engine.GenerationRequest;
import dev.gavel.engine.SamplingParams;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.judge.recipe.JudgeRecipe;
import dev.gavel.judge.recipe.PreparedPrompt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The judgment flows between the public API and the engine: prepare the prompt through the
 * recipe (fitting it to the context), submit one engine request per sample or order, and combine
 * the results. The caller holds the judge open while a flow prepares and submits.
 */
final class JudgeCalls {
    private final EnginePool engine;
    private final JudgeOptions options;
    private final ModelProvenance model;
    private final JudgeRecipe recipe;
    private final JudgeRecipe stepRecipe;
    private final ContextFit fit;

    JudgeCalls(JudgeOptions options, JudgeSetup setup) {
        this.engine = setup.engine();
        this.options = options;
        this.model = setup.provenance();
        this.recipe = setup.recipe();
        this.stepRecipe = setup.stepRecipe();
        this.fit = setup.fit();
    }

    PreparedPrompt absolutePrompt(AbsoluteRequest request) throws InputTooLongException {
        return fit.fit(request, List.of(request.response()), (r, texts) -> r.withResponse(texts.getFirst()),
                recipe::absolute);
    }

    PreparedPrompt pairwisePrompt(PairwiseRequest request) throws InputTooLongException {
        return fit.fit(request, List.of(request.responseA(), request.responseB()),
                (r, texts) -> new PairwiseRequest(r.instruction(), texts.get(0), texts.get(1), r.criterion(),
                        r.referenceAnswer()), recipe::pairwise);
    }

    /** k samples of one prompt, seeds counting up from the options' seed. */
    CompletableFuture<Judgment> grade(PreparedPrompt prompt, long start) {
        int k = options.samples();
        List<CompletableFuture<Generation>> gens = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            gens.add(submit(recipe, prompt, options.seed() + i));
        }
        return JudgeFutures.collect(gens, list -> {
            List<Sample> samples = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Generation g = list.get(i);
                ChoiceResult c = choice(g);
                samples.add(new Sample(SampleAggregation.score(c.option()), c.distribution(), g.text().strip(),
                        options.seed() + i));
            }
            return SampleAggregation.judgment(samples, Usage.tokens(list), Usage.timings(list, start), prompt.elided(),
                    provenance(prompt.prompt(), options.samples()));
        });
    }

    /** The request's order, and the swapped one unless the options ask for one order. */
    CompletableFuture<PairwiseJudgment> compare(PairwiseRequest request, long start) throws InputTooLongException {
        PreparedPrompt forward = pairwisePrompt(request);
        PreparedPrompt reversed = options.pairwiseBothOrders() ? pairwisePrompt(request.swapped()) : null;
        List<CompletableFuture<Generation>> gens = new ArrayList<>(2);
        gens.add(submit(recipe, forward, options.seed()));
        if (reversed != null) {
            gens.add(submit(recipe, reversed, options.seed()));
        }
        return JudgeFutures.collect(gens, list -> OrderAggregation.judgment(order(list.get(0), false),
                list.size() > 1 ? order(list.get(1), true) : null, options.allowTies(), Usage.tokens(list),
                Usage.timings(list, start), provenance(forward.prompt(), 1)));
    }

    /** One generation with the step format; a solution is never cut to fit. */
    CompletableFuture<StepJudgment> judgeSteps(StepRequest request, long start) throws InputTooLongException {
        PreparedPrompt prompt = fit.requireFits(stepRecipe.steps(request), "step solutions are never elided");
        return JudgeFutures.collect(List.of(submit(stepRecipe, prompt, options.seed())), list -> {
            Generation g = list.getFirst();
            ChoiceResult c = choice(g);
            return new StepJudgment(SampleAggregation.score(c.option()), c.distribution(), g.text().strip(),
                    Usage.tokens(list), Usage.timings(list, start), provenance(prompt.prompt(), 1));
        });
    }

    /** @see Judge#provenance(JudgeTask) */
    Provenance provenance(JudgeTask task) {
        JudgeRecipe r = task == JudgeTask.STEPS ? stepRecipe : recipe;
        if (!r.format().supports(task)) {
            throw new UnsupportedOperationException("format " + r.format().id() + " cannot judge " + task);
        }
        return provenance(r.format().id(), r.templateSha256(), r.template().id(),
                task == JudgeTask.ABSOLUTE ? options.samples() : 1);
    }

    private CompletableFuture<Generation> submit(JudgeRecipe r, PreparedPrompt prompt, long seed) {
        SamplingParams sampling = new SamplingParams(options.temperature(), options.topK(), options.topP(),
                options.minP(), seed);
        return engine.submit(new GenerationRequest(prompt.tokens(), r.generationSpec(prompt, sampling)));
    }

    private static OrderResult order(Generation g, boolean swapped) {
        ChoiceResult c = choice(g);
        return OrderAggregation.order(c.option(), c.distribution(), g.text().strip(), swapped);
    }

    private static ChoiceResult choice(Generation g) {
        if (g.choices().isEmpty()) {
            throw new IllegalStateException("the engine finished a constrained request without a choice ("
                    + g.finishReason() + ")");
        }
        return g.choices().getFirst();
    }

    private Provenance provenance(RenderedPrompt p, int samples) {
        return provenance(p.formatId(), p.templateSha256(), p.chatTemplateId(), samples);
    }

    private Provenance provenance(String formatId, String templateSha256, String chatTemplateId, int samples) {
        return new Provenance(model.sha256(), model.name(), model.architecture(), model.quantization(), formatId,
                templateSha256, chatTemplateId, options.mode().id(), samples, options.temperature(), options.topK(),
                options.topP(), options.minP(), options.seed(), GavelVersion.current());
    }
}
