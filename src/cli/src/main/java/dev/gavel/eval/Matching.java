package dev.gavel.eval;

import dev.gavel.data.Parsed;
import dev.gavel.data.Prediction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Joins predictions to dataset items by id, separately for the original and the swapped response
 * order, and collects what could not be joined (bad records, unknown ids, duplicates) as errors.
 *
 * @param original   prediction per item id, original order
 * @param swapped    prediction per item id, swapped order
 * @param errors     one line per problem
 * @param received   predictions read successfully
 * @param unparsed   predictions whose judge output could not be read
 */
record Matching(Map<String, Prediction> original, Map<String, Prediction> swapped, List<String> errors,
                int received, int unparsed) {

    static <T> Matching of(List<T> items, Function<T, String> id, List<Parsed<Prediction>> predictions,
                           String source) {
        Map<String, T> byId = new HashMap<>();
        for (T item : items) {
            byId.put(id.apply(item), item);
        }
        Map<String, Prediction> original = new LinkedHashMap<>();
        Map<String, Prediction> swapped = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int received = 0, unparsed = 0;
        for (Parsed<Prediction> p : predictions) {
            switch (p) {
                case Parsed.Error<Prediction> e -> errors.add(source + " " + e.describe());
                case Parsed.Ok<Prediction> ok -> {
                    Prediction pr = ok.value();
                    received++;
                    String where = source + " record " + ok.index();
                    if (!byId.containsKey(pr.id())) {
                        errors.add(where + ": id '" + pr.id() + "' is not in the dataset");
                    } else if ((pr.swapped() ? swapped : original).putIfAbsent(pr.id(), pr) != null) {
                        errors.add(where + ": second prediction for id '" + pr.id() + "'"
                                + (pr.swapped() ? " (swapped order)" : "") + "; the first one is kept");
                    } else if (pr.unparsed()) {
                        unparsed++;
                    }
                }
            }
        }
        return new Matching(original, swapped, errors, received, unparsed);
    }

    /** Items whose original-order prediction was read and parsed, in dataset order; none is an error. */
    <T> List<T> usable(List<T> items, Function<T, String> id) {
        List<T> matched = items.stream()
                .filter(i -> original.containsKey(id.apply(i)) && !original.get(id.apply(i)).unparsed()).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("no usable prediction matches any dataset id");
        }
        return matched;
    }

    /** The counts every report starts with, in report order; callers add their own after these. */
    java.util.Map<String, Integer> baseCounts(int validItems, int dataErrors, int matched) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put("items", validItems + dataErrors);
        counts.put("valid_items", validItems);
        counts.put("predictions", received);
        counts.put("matched", matched);
        counts.put("missing", validItems - matched);
        counts.put("unparsed", unparsed);
        return counts;
    }
}
