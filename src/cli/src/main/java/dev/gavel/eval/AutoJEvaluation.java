package dev.gavel.eval;

import dev.gavel.data.PairwiseItem;
import dev.gavel.data.Prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores Auto-J's pairwise test set as Auto-J's {@code codes/leaderboard/pairwise_eval.py} does:
 * agreement with the human label, a tie being a label like the others; without ties (the items
 * whose label is not a tie, as prometheus-eval reports Auto-J with {@code skip_tie}); and, when
 * the predictions include the swapped order, agreement in both orders at once (Auto-J's headline
 * figure in that setting) and the consistency between the orders. Per-group figures use Auto-J's
 * eight scenario groups.
 */
final class AutoJEvaluation {
    /** Auto-J's scenario groups ({@code utils_constants.py}), in its order. */
    static final Map<String, List<String>> GROUPS = groups();

    private AutoJEvaluation() {
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("Summarization", List.of("post_summarization", "text_summarization", "note_summarization"));
        g.put("Exam Questions", List.of("math_reasoning", "solving_exam_question_with_math",
                "solving_exam_question_without_math"));
        g.put("Code", List.of("code_simplification", "code_generation", "explaining_code",
                "code_correction_rewriting", "code_to_code_translation"));
        g.put("Rewriting", List.of("text_simplification", "language_polishing", "instructional_rewriting",
                "text_correction", "paraphrasing"));
        g.put("Creative Writing", List.of("writing_song_lyrics", "writing_social_media_post", "writing_blog_post",
                "writing_personal_essay", "creative_writing", "writing_advertisement", "writing_marketing_materials",
                "writing_presentation_script", "counterfactual"));
        g.put("Functional Writing", List.of("writing_product_description", "writing_job_application",
                "writing_news_article", "writing_biography", "writing_email", "writing_legal_document",
                "writing_technical_document", "writing_scientific_paper", "functional_writing", "writing_cooking_recipe"));
        g.put("General Communication", List.of("asking_how_to_question", "open_question", "analyzing_general",
                "explaining_general", "seeking_advice", "recommendation", "value_judgement", "verifying_fact",
                "chitchat", "roleplay", "planning", "brainstorming"));
        g.put("NLP Tasks", List.of("ranking", "text_to_text_translation", "data_analysis",
                "classification_identification", "title_generation", "question_generation", "reading_comprehension",
                "keywords_extraction", "information_extraction", "topic_modeling", "others"));
        return java.util.Collections.unmodifiableMap(g);
    }

    /** The Auto-J group of a scenario; a scenario Auto-J does not define is reported under its own name. */
    static String group(String scenario) {
        for (Map.Entry<String, List<String>> e : GROUPS.entrySet()) {
            if (e.getValue().contains(scenario)) {
                return e.getKey();
            }
        }
        return scenario.isEmpty() ? "" : "unknown scenario: " + scenario;
    }

    static EvalReport evaluate(Header h, List<PairwiseItem> items, List<String> dataErrors, Matching m, Bootstrap bootstrap) {
        List<PairwiseItem> matched = m.usable(items, PairwiseItem::id);
        int n = matched.size();
        int[] ref = new int[n], pred = new int[n];
        double[] agree = new double[n];
        List<Double> noTie = new ArrayList<>();
        List<Double> both = new ArrayList<>(), consistent = new ArrayList<>();
        List<String> groups = new ArrayList<>(n), bothGroups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PairwiseItem item = matched.get(i);
            ref[i] = item.label();
            pred[i] = (int) m.original().get(item.id()).value();
            agree[i] = pred[i] == ref[i] ? 1 : 0;
            if (ref[i] != PairwiseItem.TIE) {
                noTie.add(agree[i]);
            }
            groups.add(group(item.category()));
            Prediction swapped = m.swapped().get(item.id());
            if (swapped != null && !swapped.unparsed()) {
                int s = (int) swapped.value();
                both.add(s == pred[i] && pred[i] == ref[i] ? 1.0 : 0.0);
                consistent.add(s == pred[i] ? 1.0 : 0.0);
                bothGroups.add(groups.getLast());
            }
        }
        List<Metric> metrics = new ArrayList<>();
        Proportions.metric("agreement", agree, bootstrap).ifPresent(metrics::add);
        Proportions.metric("agreement_without_ties", toArray(noTie), bootstrap).ifPresent(metrics::add);
        double[] bothOrders = toArray(both);
        Proportions.metric("agreement_both_orders", bothOrders, bootstrap).ifPresent(metrics::add);
        Proportions.metric("consistency", toArray(consistent), bootstrap).ifPresent(metrics::add);

        Map<String, Integer> counts = m.baseCounts(items.size(), dataErrors.size(), n);
        counts.put("tie_labels", n - noTie.size());
        counts.put("both_orders", bothOrders.length);
        counts.put("predicted_ties", (int) java.util.Arrays.stream(pred).filter(p -> p == PairwiseItem.TIE).count());
        counts.put("errors", dataErrors.size() + m.errors().size());
        List<String> errors = new ArrayList<>(dataErrors);
        errors.addAll(m.errors());
        // with both orders run for every item, Auto-J reports its groups on both-order agreement
        boolean allBoth = bothOrders.length == n;
        List<CategoryScore> perGroup = allBoth ? Proportions.byCategory(bothGroups, bothOrders)
                : Proportions.byCategory(groups, agree);
        List<Integer> classes = List.of(PairwiseItem.TIE, PairwiseItem.A_WINS, PairwiseItem.B_WINS);
        return new EvalReport(h.preset().id(), h.dataset(), h.predictions(), h.timestamp(), counts, metrics,
                Optional.of(ConfusionMatrix.of(ref, pred, classes)), List.of("tie", "response 1", "response 2"),
                List.of(), allBoth ? "agreement_both_orders" : "agreement", perGroup, errors);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
