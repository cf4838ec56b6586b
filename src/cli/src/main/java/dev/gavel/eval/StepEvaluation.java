package dev.gavel.eval;

import dev.gavel.data.Prediction;
import dev.gavel.data.StepItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores first-wrong-step predictions (ProcessBench). Predictions whose judge output could not be
 * read are left out and counted, since no step index can stand in for them.
 */
final class StepEvaluation {
    private static final int CORRECT = 0;
    private static final int ERRONEOUS = 1;

    private StepEvaluation() {
    }

    static EvalReport evaluate(Header h, List<StepItem> items, List<String> dataErrors, Matching m, Bootstrap bootstrap) {
        List<StepItem> matched = m.usable(items, StepItem::id);
        int n = matched.size();
        int[] ref = new int[n];
        int[] pred = new int[n];
        List<Double> conf = new ArrayList<>();
        List<Boolean> agree = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ref[i] = matched.get(i).label();
            Prediction p = m.original().get(matched.get(i).id());
            pred[i] = (int) p.value();
            if (!p.distribution().isEmpty()) {
                conf.add(p.distribution().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                agree.add(pred[i] == ref[i]);
            }
        }
        ProcessBenchScore score = ProcessBenchScore.of(ref, pred);
        List<Metric> metrics = List.of(
                new Metric("error_accuracy", score.errorAccuracy(), Optional.empty(), true, score.erroneous()),
                new Metric("correct_accuracy", score.correctAccuracy(), Optional.empty(), true, score.correct()),
                new Metric("f1", score.f1(), Optional.of(bootstrap.interval(n,
                        s -> ProcessBenchScore.of(Bootstrap.pick(ref, s), Bootstrap.pick(pred, s)).f1())), true, n));

        // Whether the judge found an error at all, regardless of where: shows which way it errs.
        int[] refFlag = new int[n];
        int[] predFlag = new int[n];
        for (int i = 0; i < n; i++) {
            refFlag[i] = ref[i] == StepItem.NO_ERROR ? CORRECT : ERRONEOUS;
            predFlag[i] = pred[i] == StepItem.NO_ERROR ? CORRECT : ERRONEOUS;
        }
        ConfusionMatrix confusion = ConfusionMatrix.of(refFlag, predFlag, List.of(CORRECT, ERRONEOUS));

        Map<String, Integer> counts = m.baseCounts(items.size(), dataErrors.size(), n);
        counts.put("erroneous_items", score.erroneous());
        counts.put("correct_items", score.correct());
        counts.put("errors", dataErrors.size() + m.errors().size());
        List<String> errors = new ArrayList<>(dataErrors);
        errors.addAll(m.errors());
        return new EvalReport(h.preset().id(), h.dataset(), h.predictions(), h.timestamp(), counts, metrics,
                Optional.of(confusion), List.of("no error", "has error"), Reliability.bins(conf, agree, 10),
                "", List.of(), errors);
    }
}
