package dev.gavel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Means of per-item 0/1 (or 0/0.5/1) credits, with bootstrap intervals, and their per-category split. */
final class Proportions {
    private Proportions() {
    }

    static double mean(double[] credit) {
        if (credit.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double c : credit) {
            s += c;
        }
        return s / credit.length;
    }

    /** A proportion metric over per-item credits, with its bootstrap interval; absent when no item counts. */
    static Optional<Metric> metric(String name, double[] credit, Bootstrap bootstrap) {
        if (credit.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new Metric(name, mean(credit),
                Optional.of(bootstrap.interval(credit.length, s -> mean(Bootstrap.pick(credit, s)))), true, credit.length));
    }

    /** The mean credit per category, categories sorted by name; items with an empty category are left out. */
    static List<CategoryScore> byCategory(List<String> categories, double[] credit) {
        Map<String, double[]> tally = new TreeMap<>(); // category -> {count, credit}
        for (int i = 0; i < credit.length; i++) {
            String c = categories.get(i);
            if (!c.isEmpty()) {
                double[] t = tally.computeIfAbsent(c, k -> new double[2]);
                t[0]++;
                t[1] += credit[i];
            }
        }
        List<CategoryScore> out = new ArrayList<>();
        tally.forEach((c, t) -> out.add(new CategoryScore(c, (int) t[0], t[1] / t[0])));
        return out;
    }
}
