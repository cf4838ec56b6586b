package dev.gavel.eval;

import dev.gavel.data.PairwiseItem;
import dev.gavel.data.Prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores JudgeBench the way its {@code utils/metrics.py} does. With one order, a pair is correct
 * when the verdict is the label. With both orders (predictions marked {@code swapped}), each
 * order adds one when it names the label's response and takes one away when it names the other
 * (a tie counts zero), and the pair is correct only when the sum is positive: an inconsistent
 * judge gets no credit. Accuracy is reported overall and per JudgeBench category, mapped from
 * {@code source} as the paper groups it: {@code mmlu-pro-*} knowledge, {@code livebench-reasoning}
 * reasoning, {@code livebench-math} math, {@code livecodebench} coding.
 */
final class JudgeBenchEvaluation {
    private JudgeBenchEvaluation() {
    }

    /** JudgeBench's category of a {@code source} value; any other source is its own category. */
    static String category(String source) {
        if (source.startsWith("mmlu-pro")) {
            return "knowledge";
        }
        if (source.startsWith("livebench-reasoning")) {
            return "reasoning";
        }
        if (source.startsWith("livebench-math")) {
            return "math";
        }
        if (source.startsWith("livecodebench")) {
            return "coding";
        }
        return source;
    }

    static EvalReport evaluate(Header h, List<PairwiseItem> items, List<String> dataErrors, Matching m, Bootstrap bootstrap) {
        List<PairwiseItem> matched = m.usable(items, PairwiseItem::id);
        int n = matched.size();
        double[] credit = new double[n];
        int[] ref = new int[n], pred = new int[n];
        List<String> categories = new ArrayList<>(n);
        List<Double> consistency = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PairwiseItem item = matched.get(i);
            ref[i] = item.label();
            pred[i] = (int) m.original().get(item.id()).value();
            Prediction swapped = m.swapped().get(item.id());
            int vote = vote(item.label(), pred[i]);
            if (swapped != null && !swapped.unparsed()) {
                int s = (int) swapped.value();
                vote += vote(item.label(), s);
                consistency.add(s == pred[i] ? 1.0 : 0.0);
            }
            credit[i] = vote > 0 ? 1 : 0;
            categories.add(category(item.category()));
        }
        List<Metric> metrics = new ArrayList<>();
        Proportions.metric("accuracy", credit, bootstrap).ifPresent(metrics::add);
        double[] consistent = consistency.stream().mapToDouble(Double::doubleValue).toArray();
        Proportions.metric("positional_consistency", consistent, bootstrap).ifPresent(metrics::add);

        Map<String, Integer> counts = m.baseCounts(items.size(), dataErrors.size(), n);
        counts.put("both_orders", consistent.length);
        counts.put("predicted_ties", (int) java.util.Arrays.stream(pred).filter(p -> p == PairwiseItem.TIE).count());
        counts.put("errors", dataErrors.size() + m.errors().size());
        List<String> errors = new ArrayList<>(dataErrors);
        errors.addAll(m.errors());
        List<Integer> classes = List.of(PairwiseItem.A_WINS, PairwiseItem.B_WINS);
        return new EvalReport(h.preset().id(), h.dataset(), h.predictions(), h.timestamp(), counts, metrics,
                Optional.of(ConfusionMatrix.of(ref, pred, classes)), List.of("A>B", "B>A"), List.of(), "accuracy",
                Proportions.byCategory(categories, credit), errors);
    }

    /** +1 when the verdict names the label's response, -1 when it names the other, 0 for a tie. */
    private static int vote(int label, int verdict) {
        if (verdict == label) {
            return 1;
        }
        return verdict == PairwiseItem.TIE ? 0 : -1;
    }
}
