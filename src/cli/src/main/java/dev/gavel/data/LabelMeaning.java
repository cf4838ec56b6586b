package dev.gavel.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a labelled dataset's label says: an absolute score, which of two responses is better (in
 * one of several spellings), or nothing at all because the record carries a chosen and a rejected
 * response. Named on the command line by {@code --label-meaning}.
 */
public sealed interface LabelMeaning permits LabelMeaning.Score, LabelMeaning.Winner, LabelMeaning.ChosenRejected {

    /** The label is a numeric reference score of the one response. */
    record Score() implements LabelMeaning {
        @Override
        public String name() {
            return "--label-meaning score";
        }
    }

    /**
     * The label names the better of two responses. Values match case-insensitively, after
     * trimming; JSON numbers match by their text ({@code 1} matches "1").
     *
     * @param name   how messages name the meaning: "--label-meaning ab", "preset judgebench"
     * @param first  spellings of "the first response is better"
     * @param second spellings of "the second response is better"
     * @param tie    spellings of a tie; empty when the dataset has no ties
     */
    record Winner(String name, List<String> first, List<String> second, List<String> tie) implements LabelMeaning {
        public Winner {
            Objects.requireNonNull(name, "name");
            first = List.copyOf(first);
            second = List.copyOf(second);
            tie = List.copyOf(tie);
            if (first.isEmpty() || second.isEmpty()) {
                throw new IllegalArgumentException("a winner label needs a value for each response");
            }
        }

        /** Whether a tie is a possible label. */
        public boolean hasTies() {
            return !tie.isEmpty();
        }

        /**
         * The verdict of a label value: {@link PairwiseItem#A_WINS}, {@link PairwiseItem#B_WINS} or
         * {@link PairwiseItem#TIE}.
         *
         * @throws RecordException       when the field is missing
         * @throws UnknownLabelException when the value is none of this meaning's spellings
         */
        public int verdict(JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new RecordException("missing field '" + field + "'");
            }
            String text = v.isValueNode() ? v.asText().strip() : null;
            if (text != null) {
                if (matches(first, text)) {
                    return PairwiseItem.A_WINS;
                }
                if (matches(second, text)) {
                    return PairwiseItem.B_WINS;
                }
                if (matches(tie, text)) {
                    return PairwiseItem.TIE;
                }
            }
            throw new UnknownLabelException(field, v.toString(), name, accepted());
        }

        /** The accepted values with their meaning, for messages: {@code "A" (first better), ...}. */
        public List<String> accepted() {
            List<String> out = new ArrayList<>();
            first.forEach(f -> out.add("\"" + f + "\" (first response better)"));
            second.forEach(s -> out.add("\"" + s + "\" (second response better)"));
            tie.forEach(t -> out.add("\"" + t + "\" (tie)"));
            return out;
        }

        private static boolean matches(List<String> spellings, String text) {
            return spellings.stream().anyMatch(s -> s.equalsIgnoreCase(text));
        }
    }

    /** No label field: the record's chosen response is the better one. */
    record ChosenRejected() implements LabelMeaning {
        @Override
        public String name() {
            return "--label-meaning chosen-rejected";
        }
    }

    /** How messages name the meaning. */
    String name();

    /** {@code A}, {@code B}, {@code tie}. */
    Winner AB = new Winner("--label-meaning ab", List.of("A"), List.of("B"), List.of("tie"));
    /** {@code 1}, {@code 2}, {@code 0} for a tie (PandaLM's and LLMBar's spelling). */
    Winner ONE_TWO = new Winner("--label-meaning 12", List.of("1"), List.of("2"), List.of("0"));
    /** {@code A>B}, {@code B>A}, {@code A=B} or {@code tie} (JudgeBench's spelling). */
    Winner ORDERING = new Winner("--label-meaning a>b", List.of("A>B"), List.of("B>A"), List.of("A=B", "tie"));

    /**
     * The meaning a {@code --label-meaning} value names: {@code score}, {@code ab}, {@code 12},
     * {@code a>b}, {@code chosen-rejected}, or {@code FIRST,SECOND[,TIE]}: the dataset's own three
     * values (Auto-J's {@code 0,1,2}: 0 = first better, 1 = second better, 2 = tie).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static LabelMeaning parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "score":
                return new Score();
            case "ab":
                return AB;
            case "12":
                return ONE_TWO;
            case "a>b":
                return ORDERING;
            case "chosen-rejected":
                return new ChosenRejected();
            default:
                break;
        }
        String[] parts = s.split(",", -1);
        if (parts.length == 2 || parts.length == 3) {
            List<String> values = new ArrayList<>();
            for (String p : parts) {
                if (p.isBlank() || values.stream().anyMatch(v -> v.equalsIgnoreCase(p.strip()))) {
                    throw new IllegalArgumentException("--label-meaning " + spec
                            + ": the values must be non-blank and distinct");
                }
                values.add(p.strip());
            }
            return new Winner("--label-meaning " + s, List.of(values.get(0)), List.of(values.get(1)),
                    values.size() == 3 ? List.of(values.get(2)) : List.of());
        }
        throw new IllegalArgumentException("unknown --label-meaning '" + spec + "'; use score, ab (A/B/tie),"
                + " 12 (1/2/0=tie), a>b (A>B/B>A/A=B), chosen-rejected, or the dataset's own values"
                + " FIRST,SECOND[,TIE] (e.g. 0,1,2)");
    }
}
