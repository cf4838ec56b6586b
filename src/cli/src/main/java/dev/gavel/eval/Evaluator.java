package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import dev.gavel.data.DatasetException;
import dev.gavel.data.LabelMeaning;
import dev.gavel.data.LabelledDataset;
import dev.gavel.data.LlmBarDataset;
import dev.gavel.data.PairwiseItem;
import dev.gavel.data.PandaLmTestset;
import dev.gavel.data.Parsed;
import dev.gavel.data.Prediction;
import dev.gavel.data.ProcessBenchDataset;
import dev.gavel.data.ScoredItem;
import dev.gavel.data.StepItem;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Entry point of the harness: loads a benchmark's dataset, takes predictions from a
 * {@link PredictionSource}, and scores them with that benchmark's conventional metrics. Bad
 * records on either side become report errors; only a file that cannot be read at all, or
 * predictions that match no item, fail the evaluation.
 */
public final class Evaluator {
    /** PandaLM averages over tie, 1 and 2 even where a class never occurs. */
    private static final List<Integer> PANDALM_CLASSES = List.of(PairwiseItem.TIE, PairwiseItem.A_WINS, PairwiseItem.B_WINS);
    private static final List<Integer> NO_TIE_CLASSES = List.of(PairwiseItem.A_WINS, PairwiseItem.B_WINS);

    private final Bootstrap bootstrap;
    private final Clock clock;

    public Evaluator(Bootstrap bootstrap, Clock clock) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An evaluator with 1000-resample 95% intervals, seed 42, and the system clock. */
    public Evaluator() {
        this(Bootstrap.of95(42), Clock.systemUTC());
    }

    /**
     * Scores one benchmark.
     *
     * @throws DatasetException when the dataset or predictions cannot be read, or no prediction
     *                          matches a dataset item
     */
    public EvalReport evaluate(DatasetPreset preset, Path dataset, PredictionSource source) throws DatasetException {
        if (LabelledPresets.isLabelled(preset)) {
            return evaluate(preset, LabelledPresets.layout(preset), dataset, source);
        }
        Header h = new Header(preset, dataset.getFileName().toString(), source.describe(), clock.instant());
        List<Parsed<Prediction>> predictions = source.predictions(preset, dataset);
        try {
            return switch (preset) {
                case PANDALM -> pairwise(h, labelled(preset, dataset, PandaLmTestset.load(dataset)), predictions,
                        PANDALM_CLASSES);
                case LLMBAR -> pairwise(h, labelled(preset, dataset, LlmBarDataset.load(dataset)), predictions,
                        NO_TIE_CLASSES);
                case PROCESSBENCH -> {
                    List<Parsed<StepItem>> items = labelled(preset, dataset, ProcessBenchDataset.load(dataset));
                    List<StepItem> ok = Parsed.values(items);
                    yield StepEvaluation.evaluate(h, ok, errors(dataset, items),
                            Matching.of(ok, StepItem::id, predictions, h.predictions()), bootstrap);
                }
                case PROMETHEUS -> {
                    List<Parsed<ScoredItem>> items = labelled(preset, dataset, PrometheusScores.load(dataset));
                    List<ScoredItem> ok = Parsed.values(items);
                    yield ScoreEvaluation.evaluate(h, ok, errors(dataset, items),
                            Matching.of(ok, ScoredItem::id, predictions, h.predictions()), bootstrap);
                }
                case GENERIC, JUDGEBENCH, AUTOJ, REWARDBENCH -> throw new IllegalStateException("read above");
            };
        } catch (IllegalArgumentException e) {
            throw new DatasetException(dataset, "cannot evaluate " + h.predictions() + " against it: " + e.getMessage(), e);
        }
    }

    /**
     * Scores a labelled dataset read through a field layout: {@link DatasetPreset#GENERIC} with any layout,
     * or a benchmark preset ({@link DatasetPreset#JUDGEBENCH}, {@link DatasetPreset#AUTOJ},
     * {@link DatasetPreset#REWARDBENCH}) whose fields were renamed. The preset picks the metrics, the
     * layout how records become items.
     *
     * @throws DatasetException when the dataset or predictions cannot be read, a label value is not
     *                          one the layout's meaning defines, or no prediction matches an item
     */
    public EvalReport evaluate(DatasetPreset preset, LabelledDataset layout, Path dataset, PredictionSource source)
            throws DatasetException {
        if (!LabelledPresets.isLabelled(preset)) {
            throw new IllegalArgumentException("preset " + preset.id() + " has a dedicated loader and takes no field layout");
        }
        if (preset != DatasetPreset.GENERIC && !layout.pairwise()) {
            throw new IllegalArgumentException("preset " + preset.id() + " compares two responses; score labels need --preset generic");
        }
        Header h = new Header(preset, dataset.getFileName().toString(), source.describe(), clock.instant());
        // the dataset is read first so that a label the layout does not define fails before any judging
        List<Parsed<PairwiseItem>> pairs = layout.pairwise() ? labelled(preset, dataset, layout.pairwise(dataset)) : List.of();
        List<Parsed<ScoredItem>> scored = layout.pairwise() ? List.of() : labelled(preset, dataset, layout.scored(dataset));
        List<Parsed<Prediction>> predictions = source.predictions(preset, layout, dataset);
        try {
            if (!layout.pairwise()) {
                List<ScoredItem> ok = Parsed.values(scored);
                return ScoreEvaluation.evaluate(h, ok, errors(dataset, scored),
                        Matching.of(ok, ScoredItem::id, predictions, h.predictions()), bootstrap);
            }
            List<PairwiseItem> ok = Parsed.values(pairs);
            List<String> dataErrors = errors(dataset, pairs);
            Matching m = Matching.of(ok, PairwiseItem::id, predictions, h.predictions());
            return switch (preset) {
                case JUDGEBENCH -> JudgeBenchEvaluation.evaluate(h, ok, dataErrors, m, bootstrap);
                case AUTOJ -> AutoJEvaluation.evaluate(h, ok, dataErrors, m, bootstrap);
                case REWARDBENCH -> RewardBenchEvaluation.evaluate(h, ok, dataErrors, m, bootstrap);
                default -> PairwiseEvaluation.evaluate(h, ok, dataErrors, m, hasTies(layout.meaning())
                        ? PANDALM_CLASSES : NO_TIE_CLASSES, bootstrap);
            };
        } catch (IllegalArgumentException e) {
            throw new DatasetException(dataset, "cannot evaluate " + h.predictions() + " against it: " + e.getMessage(), e);
        }
    }

    private static boolean hasTies(LabelMeaning meaning) {
        return meaning instanceof LabelMeaning.Winner w && w.hasTies();
    }

    /**
     * The dataset's items, refused when not one of them could be read with its reference label:
     * then the file is not a benchmark of this preset (say, the items a judge graded), and saying
     * so beats reporting that no prediction matches.
     */
    private static <T> List<Parsed<T>> labelled(DatasetPreset preset, Path dataset, List<Parsed<T>> items)
            throws DatasetException {
        if (!items.isEmpty() && Parsed.values(items).isEmpty()) {
            throw new DatasetException(dataset, "has no labels eval can use: none of its " + items.size()
                    + " records is a " + preset.id() + " item with its reference label (first: "
                    + Parsed.errors(items).getFirst().describe() + "). eval measures a judge against a benchmark's"
                    + " labels; to judge unlabelled items, use grade, compare or steps");
        }
        return items;
    }

    private EvalReport pairwise(Header h, List<Parsed<PairwiseItem>> items, List<Parsed<Prediction>> predictions,
                                List<Integer> classes) {
        List<PairwiseItem> ok = Parsed.values(items);
        return PairwiseEvaluation.evaluate(h, ok, errors(Path.of(h.dataset()), items),
                Matching.of(ok, PairwiseItem::id, predictions, h.predictions()), classes, bootstrap);
    }

    private static <T> List<String> errors(Path dataset, List<Parsed<T>> items) {
        return Parsed.errors(items).stream().map(e -> dataset.getFileName() + " " + e.describe()).toList();
    }
}
