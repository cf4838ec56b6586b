package dev.gavel.eval;

import dev.gavel.data.Prediction;
import dev.gavel.data.ScoredItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Scores direct-assessment predictions against reference scores (Prometheus): Pearson, Spearman
 * and Kendall tau-b, mean absolute error, and the exact agreement of the judge's score with the
 * reference rounded half up (4.5 -> 5). Unreadable predictions are left out and counted.
 */
final class ScoreEvaluation {
    private ScoreEvaluation() {
    }

    static EvalReport evaluate(Header h, List<ScoredItem> items, List<String> dataErrors, Matching m, Bootstrap bootstrap) {
        List<ScoredItem> matched = m.usable(items, ScoredItem::id);
        int n = matched.size();
        double[] ref = new double[n];
        double[] pred = new double[n];
        List<Double> conf = new ArrayList<>();
        List<Boolean> agree = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ref[i] = matched.get(i).score();
            Prediction p = m.original().get(matched.get(i).id());
            pred[i] = p.value();
            if (!p.distribution().isEmpty()) {
                conf.add(p.distribution().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                agree.add(Math.round(pred[i]) == Math.round(ref[i]));
            }
        }
        List<Metric> metrics = new ArrayList<>();
        metrics.add(correlation("pearson", Correlations.pearson(ref, pred), n, bootstrap,
                s -> Correlations.pearson(Bootstrap.pick(ref, s), Bootstrap.pick(pred, s))));
        metrics.add(correlation("spearman", Correlations.spearman(ref, pred), n, bootstrap,
                s -> Correlations.spearman(Bootstrap.pick(ref, s), Bootstrap.pick(pred, s))));
        metrics.add(correlation("kendall_tau_b", Correlations.kendallTauB(ref, pred), n, bootstrap,
                s -> Correlations.kendallTauB(Bootstrap.pick(ref, s), Bootstrap.pick(pred, s))));
        metrics.add(new Metric("mean_absolute_error",
                IntStream.range(0, n).mapToDouble(i -> Math.abs(ref[i] - pred[i])).average().orElseThrow(),
                Optional.empty(), false, n));
        int[] refRounded = IntStream.range(0, n).map(i -> (int) Math.round(ref[i])).toArray();
        int[] predRounded = IntStream.range(0, n).map(i -> (int) Math.round(pred[i])).toArray();
        metrics.add(new Metric("exact_agreement", PairwiseAgreement.accuracy(refRounded, predRounded),
                Optional.empty(), true, n));

        // scores are shown on the reference's rounded scale; out-of-scale predictions land in "other"
        List<Integer> scale = IntStream.of(refRounded).distinct().sorted().boxed().toList();
        int lo = Math.min(scale.getFirst(), IntStream.of(predRounded).min().orElseThrow());
        int hi = Math.max(scale.getLast(), IntStream.of(predRounded).max().orElseThrow());
        List<Integer> classes = IntStream.rangeClosed(lo, hi).boxed().toList();
        ConfusionMatrix confusion = ConfusionMatrix.of(refRounded, predRounded, classes);

        Map<String, Integer> counts = m.baseCounts(items.size(), dataErrors.size(), n);
        counts.put("errors", dataErrors.size() + m.errors().size());
        List<String> errors = new ArrayList<>(dataErrors);
        errors.addAll(m.errors());
        return new EvalReport(h.preset().id(), h.dataset(), h.predictions(), h.timestamp(), counts, metrics,
                Optional.of(confusion), classes.stream().map(String::valueOf).toList(),
                Reliability.bins(conf, agree, 10), "pearson", categories(matched, ref, pred), errors);
    }

    private static Metric correlation(String name, double value, int n, Bootstrap bootstrap,
                                      java.util.function.ToDoubleFunction<int[]> statistic) {
        return new Metric(name, value, n < 3 ? Optional.empty() : Optional.of(bootstrap.interval(n, statistic)), false, n);
    }

    private static List<CategoryScore> categories(List<ScoredItem> matched, double[] ref, double[] pred) {
        Map<String, List<Integer>> byCategory = new TreeMap<>();
        for (int i = 0; i < matched.size(); i++) {
            if (!matched.get(i).category().isEmpty()) {
                byCategory.computeIfAbsent(matched.get(i).category(), k -> new ArrayList<>()).add(i);
            }
        }
        return byCategory.entrySet().stream().map(e -> {
            int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            return new CategoryScore(e.getKey(), idx.length,
                    Correlations.pearson(Bootstrap.pick(ref, idx), Bootstrap.pick(pred, idx)));
        }).toList();
    }
}
