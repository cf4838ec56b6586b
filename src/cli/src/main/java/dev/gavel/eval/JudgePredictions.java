package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import dev.gavel.AbsoluteRequest;
import dev.gavel.Judgment;
import dev.gavel.PairwiseJudgment;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import dev.gavel.ScoreDistribution;
import dev.gavel.StepJudgment;
import dev.gavel.StepRequest;
import dev.gavel.Winner;
import dev.gavel.jobs.JudgeFailures;
import dev.gavel.data.DatasetException;
import dev.gavel.data.DatasetFormatException;
import dev.gavel.data.InstructionText;
import dev.gavel.data.LabelledDataset;
import dev.gavel.data.LlmBarDataset;
import dev.gavel.data.PairwiseItem;
import dev.gavel.data.PandaLmTestset;
import dev.gavel.data.Parsed;
import dev.gavel.data.Prediction;
import dev.gavel.data.ProcessBenchDataset;
import dev.gavel.data.PrometheusDataset;
import dev.gavel.data.ScoredItem;
import dev.gavel.data.StepItem;
import dev.gavel.data.VicunaExample;
import dev.gavel.judge.Judge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Predictions made by running a judge over a benchmark's dataset (the {@code eval --model} mode).
 * Every item is submitted at once so the judge batches them; an item the judge cannot take (too
 * long, say) becomes an error record and the rest are still evaluated. The judge stays the
 * caller's to close.
 */
public final class JudgePredictions implements PredictionSource {
    private final Judge judge;
    private final String pairwiseCriterion;
    private final Rubric rubric;

    /**
     * @param judge             an open judge
     * @param pairwiseCriterion what pairwise benchmarks without a criterion of their own are judged on
     */
    public JudgePredictions(Judge judge, String pairwiseCriterion) {
        this(judge, pairwiseCriterion, null);
    }

    /**
     * @param rubric what score-labelled generic datasets are graded on, or null when there is none
     *               (such a dataset is then refused)
     */
    public JudgePredictions(Judge judge, String pairwiseCriterion, Rubric rubric) {
        this.judge = judge;
        this.pairwiseCriterion = pairwiseCriterion;
        this.rubric = rubric;
    }

    @Override
    public String describe() {
        return judge.model().name() + " (" + judge.model().file().getFileName() + ")";
    }

    @Override
    public List<Parsed<Prediction>> predictions(DatasetPreset preset, Path dataset) throws DatasetException {
        return switch (preset) {
            case PROMETHEUS -> prometheus(dataset);
            case PANDALM -> pairwise(PandaLmTestset.load(dataset));
            case LLMBAR -> pairwise(LlmBarDataset.load(dataset));
            case PROCESSBENCH -> steps(ProcessBenchDataset.load(dataset));
            case GENERIC, JUDGEBENCH, AUTOJ, REWARDBENCH -> predictions(preset, LabelledPresets.layout(preset), dataset);
        };
    }

    /**
     * Judges a labelled dataset's items: pairs are compared (in their shown order for
     * chosen/rejected records), scored responses graded on the rubric.
     *
     * @throws IllegalArgumentException for score labels when no rubric was given
     */
    @Override
    public List<Parsed<Prediction>> predictions(DatasetPreset preset, LabelledDataset layout, Path dataset)
            throws DatasetException {
        if (layout.pairwise()) {
            return pairwise(layout.pairwise(dataset));
        }
        if (rubric == null) {
            throw new IllegalArgumentException("grading score-labelled items needs a rubric (--rubric FILE.json)");
        }
        List<Parsed<Prediction>> out = new ArrayList<>();
        List<ScoredItem> ok = new ArrayList<>();
        List<CompletableFuture<Judgment>> futures = new ArrayList<>();
        for (Parsed<ScoredItem> parsed : layout.scored(dataset)) {
            switch (parsed) {
                case Parsed.Error<ScoredItem> e -> out.add(new Parsed.Error<>(e.index(), e.where(), e.message()));
                case Parsed.Ok<ScoredItem> item -> {
                    ok.add(item.value());
                    futures.add(judge.gradeAsync(new AbsoluteRequest(item.value().instruction(),
                            item.value().response(), rubric)));
                }
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            String id = ok.get(i).id();
            out.add(await(futures.get(i), i, j -> new Prediction(id, j.score(), false, byOption(j.distribution()), false)));
        }
        return out;
    }

    private List<Parsed<Prediction>> prometheus(Path dataset) throws DatasetException {
        List<VicunaExample> examples;
        try {
            examples = PrometheusDataset.loadVicuna(dataset);
        } catch (IOException | DatasetFormatException e) {
            throw new DatasetException(dataset, e.getMessage(), e);
        }
        List<CompletableFuture<Judgment>> futures = new ArrayList<>();
        for (VicunaExample example : examples) {
            futures.add(judge.gradeAsync(example.request()));
        }
        List<Parsed<Prediction>> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            // The evaluator keys Prometheus items by their 0-based position in the file.
            String id = String.valueOf(i);
            int index = i;
            out.add(await(futures.get(i), index, j -> new Prediction(id, j.score(), false, byOption(j.distribution()), false)));
        }
        return out;
    }

    private List<Parsed<Prediction>> pairwise(List<Parsed<PairwiseItem>> items) {
        List<Parsed<Prediction>> out = new ArrayList<>();
        List<PairwiseItem> ok = new ArrayList<>();
        List<CompletableFuture<PairwiseJudgment>> futures = new ArrayList<>();
        for (Parsed<PairwiseItem> parsed : items) {
            switch (parsed) {
                case Parsed.Error<PairwiseItem> e -> out.add(new Parsed.Error<>(e.index(), e.where(), e.message()));
                case Parsed.Ok<PairwiseItem> item -> {
                    PairwiseItem p = item.value();
                    String instruction = InstructionText.withInput(p.instruction(), p.input());
                    ok.add(p);
                    futures.add(judge.compareAsync(new PairwiseRequest(instruction, p.responseA(), p.responseB(),
                            pairwiseCriterion, null)));
                }
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            PairwiseItem item = ok.get(i);
            int index = i;
            Parsed<PairwiseJudgment> judged = await(futures.get(i), index, Function.identity());
            switch (judged) {
                case Parsed.Error<PairwiseJudgment> e -> out.add(new Parsed.Error<>(e.index(), item.id(), e.message()));
                case Parsed.Ok<PairwiseJudgment> j -> {
                    PairwiseJudgment pj = j.value();
                    out.add(new Parsed.Ok<>(index, new Prediction(item.id(), label(pj.forward().winner()), false,
                            Map.of("1", pj.forward().probabilityA(), "2", 1 - pj.forward().probabilityA()), false)));
                    if (pj.reversed() != null) {
                        out.add(new Parsed.Ok<>(index, new Prediction(item.id(), label(pj.reversed().winner()), true,
                                Map.of("1", pj.reversed().probabilityA(), "2", 1 - pj.reversed().probabilityA()), false)));
                    }
                }
            }
        }
        return out;
    }

    private List<Parsed<Prediction>> steps(List<Parsed<StepItem>> items) {
        List<Parsed<Prediction>> out = new ArrayList<>();
        List<StepItem> ok = new ArrayList<>();
        List<CompletableFuture<StepJudgment>> futures = new ArrayList<>();
        for (Parsed<StepItem> parsed : items) {
            switch (parsed) {
                case Parsed.Error<StepItem> e -> out.add(new Parsed.Error<>(e.index(), e.where(), e.message()));
                case Parsed.Ok<StepItem> item -> {
                    ok.add(item.value());
                    futures.add(judge.judgeStepsAsync(new StepRequest(item.value().problem(), item.value().steps())));
                }
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            String id = ok.get(i).id();
            out.add(await(futures.get(i), i, s -> new Prediction(id, s.firstWrongStep(), false, byOption(s.distribution()), false)));
        }
        return out;
    }

    /** The request's own response labels: 1 = A, 2 = B, 0 = tie. */
    private static int label(Winner w) {
        return switch (w) {
            case A -> PairwiseItem.A_WINS;
            case B -> PairwiseItem.B_WINS;
            case TIE -> PairwiseItem.TIE;
        };
    }

    private static Map<String, Double> byOption(ScoreDistribution d) {
        Map<String, Double> out = new LinkedHashMap<>();
        double[] p = d.normalized();
        for (int i = 0; i < p.length; i++) {
            out.put(d.options().get(i), p[i]);
        }
        return out;
    }

    private static <J, T> Parsed<T> await(CompletableFuture<J> future, int index, Function<J, T> convert) {
        try {
            return new Parsed.Ok<>(index, convert.apply(future.join()));
        } catch (CompletionException e) {
            // An item the judge cannot take becomes an error record; a broken or closed judge ends the evaluation.
            Throwable cause = JudgeFailures.unwrap(e);
            if (JudgeFailures.isItemFailure(cause)) {
                return new Parsed.Error<>(index, "item " + index, JudgeFailures.describe(cause));
            }
            throw e;
        }
    }
}
