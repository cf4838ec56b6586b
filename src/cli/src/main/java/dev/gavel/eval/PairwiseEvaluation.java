package dev.gavel.eval;

import dev.gavel.data.PairwiseItem;
import dev.gavel.data.Prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores pairwise verdicts (PandaLM, LLMBar): accuracy with and without ties, macro P/R/F1, and,
 * when the predictions include swapped-order runs, accuracy per order and positional consistency.
 */
final class PairwiseEvaluation {
    private static final int CALIBRATION_BINS = 10;

    private PairwiseEvaluation() {
    }

    /**
     * @param classes the classes macro averages run over; PandaLM fixes 0/1/2 even when a class is
     *                absent, LLMBar has no ties so only 1/2
     */
    static EvalReport evaluate(Header h, List<PairwiseItem> items, List<String> dataErrors, Matching m,
                               List<Integer> classes, Bootstrap bootstrap) {
        List<PairwiseItem> matched = items.stream().filter(i -> m.original().containsKey(i.id())).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("no prediction matches any dataset id");
        }
        int n = matched.size();
        int[] ref = new int[n];
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            ref[i] = matched.get(i).label();
            pred[i] = (int) m.original().get(matched.get(i).id()).value();
        }
        List<Metric> metrics = new ArrayList<>();
        ClassificationMetrics cm = ClassificationMetrics.of(ref, pred, classes);
        metrics.add(new Metric("accuracy", cm.accuracy(), Optional.of(bootstrap.interval(n,
                s -> PairwiseAgreement.accuracy(Bootstrap.pick(ref, s), Bootstrap.pick(pred, s)))), true, n));
        metrics.add(new Metric("accuracy_without_ties", PairwiseAgreement.accuracyWithoutTies(ref, pred),
                Optional.of(bootstrap.interval(n, s -> PairwiseAgreement.accuracyWithoutTies(
                        Bootstrap.pick(ref, s), Bootstrap.pick(pred, s)))), true, nonTies(ref, pred)));
        metrics.add(new Metric("macro_precision", cm.macroPrecision(), Optional.empty(), true, n));
        metrics.add(new Metric("macro_recall", cm.macroRecall(), Optional.empty(), true, n));
        metrics.add(new Metric("macro_f1", cm.macroF1(), Optional.of(bootstrap.interval(n,
                s -> ClassificationMetrics.of(Bootstrap.pick(ref, s), Bootstrap.pick(pred, s), classes).macroF1())),
                true, n));
        addBothOrders(metrics, matched, ref, pred, m, bootstrap);

        Map<String, Integer> counts = m.baseCounts(items.size(), dataErrors.size(), n);
        counts.put("swapped_matched", (int) matched.stream().filter(i -> m.swapped().containsKey(i.id())).count());
        counts.put("predicted_ties", (int) java.util.Arrays.stream(pred).filter(p -> p == PairwiseItem.TIE).count());
        counts.put("errors", dataErrors.size() + m.errors().size());

        List<String> names = classes.stream().map(c -> c == PairwiseItem.TIE ? "tie" : "response " + c).toList();
        List<String> errors = new ArrayList<>(dataErrors);
        errors.addAll(m.errors());
        return new EvalReport(h.preset().id(), h.dataset(), h.predictions(), h.timestamp(), counts, metrics,
                Optional.of(cm.confusion()), names, calibration(matched, m, ref), "accuracy",
                categories(matched, ref, pred), errors);
    }

    private static int nonTies(int[] ref, int[] pred) {
        int k = 0;
        for (int i = 0; i < ref.length; i++) {
            k += ref[i] != PairwiseItem.TIE && pred[i] != PairwiseItem.TIE ? 1 : 0;
        }
        return k;
    }

    private static void addBothOrders(List<Metric> metrics, List<PairwiseItem> matched, int[] ref, int[] pred,
                                      Matching m, Bootstrap bootstrap) {
        List<Integer> both = new ArrayList<>();
        for (int i = 0; i < matched.size(); i++) {
            if (m.swapped().containsKey(matched.get(i).id())) {
                both.add(i);
            }
        }
        if (both.isEmpty()) {
            return;
        }
        int k = both.size();
        int[] r = new int[k], o = new int[k], s = new int[k];
        for (int j = 0; j < k; j++) {
            int i = both.get(j);
            r[j] = ref[i];
            o[j] = pred[i];
            s[j] = (int) m.swapped().get(matched.get(i).id()).value();
        }
        metrics.add(new Metric("accuracy_swapped", PairwiseAgreement.accuracy(r, s), Optional.empty(), true, k));
        metrics.add(new Metric("accuracy_both_orders", bothOrders(r, o, s), Optional.of(bootstrap.interval(k,
                x -> bothOrders(Bootstrap.pick(r, x), Bootstrap.pick(o, x), Bootstrap.pick(s, x)))), true, k));
        metrics.add(new Metric("positional_consistency", PairwiseAgreement.positionalConsistency(o, s),
                Optional.of(bootstrap.interval(k, x -> PairwiseAgreement.positionalConsistency(
                        Bootstrap.pick(o, x), Bootstrap.pick(s, x)))), true, k));
    }

    // LLMBar's headline figure: the mean of the accuracies in the two presentation orders
    private static double bothOrders(int[] ref, int[] original, int[] swapped) {
        return (PairwiseAgreement.accuracy(ref, original) + PairwiseAgreement.accuracy(ref, swapped)) / 2;
    }

    private static List<Calibration.Bin> calibration(List<PairwiseItem> matched, Matching m, int[] ref) {
        List<Double> conf = new ArrayList<>();
        List<Boolean> agree = new ArrayList<>();
        for (int i = 0; i < matched.size(); i++) {
            Prediction p = m.original().get(matched.get(i).id());
            if (!p.distribution().isEmpty() && !p.unparsed()) {
                conf.add(p.distribution().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                agree.add((int) p.value() == ref[i]);
            }
        }
        return Reliability.bins(conf, agree, CALIBRATION_BINS);
    }

    private static List<CategoryScore> categories(List<PairwiseItem> matched, int[] ref, int[] pred) {
        Map<String, int[]> tally = new TreeMap<>(); // category -> {count, correct}
        for (int i = 0; i < matched.size(); i++) {
            String c = matched.get(i).category();
            if (!c.isEmpty()) {
                int[] t = tally.computeIfAbsent(c, k -> new int[2]);
                t[0]++;
                t[1] += ref[i] == pred[i] ? 1 : 0;
            }
        }
        return tally.entrySet().stream()
                .map(e -> new CategoryScore(e.getKey(), e.getValue()[0], (double) e.getValue()[1] / e.getValue()[0]))
                .toList();
    }
}
