package dev.gavel.data;

import dev.gavel.AbsoluteRequest;
import dev.gavel.Rubric;

import java.util.ArrayList;
import java.util.List;

/**
 * Recovers the parts (instruction, response, reference answer, rubric) of a filled-in Prometheus
 * absolute-grading prompt, the form in which prometheus-eval's benchmark files store them.
 *
 * <p>Sections are located from the outside in (the fixed header, then the last "Score Rubrics"
 * and "Reference Answer" headers, then the first "Response to evaluate" header) because only the
 * judged response is long free text that might itself contain such headers. Callers should
 * render the parts again and compare, as {@link PrometheusDataset} does, to prove the split.
 */
final class PrometheusPromptParser {
    private static final String INSTRUCTION = "###The instruction to evaluate:\n";
    private static final String RESPONSE = "\n\n###Response to evaluate:\n";
    private static final String REFERENCE = "\n\n###Reference Answer (Score 5):\n";
    private static final String RUBRIC = "\n\n###Score Rubrics:\n";
    private static final String END = "\n\n###Feedback: ";

    private PrometheusPromptParser() {
    }

    /** @throws IllegalArgumentException saying which part is missing or malformed */
    static AbsoluteRequest parseAbsolute(String prompt) {
        if (!prompt.startsWith("###Task Description:\n")) {
            throw new IllegalArgumentException("prompt does not start with '###Task Description:'");
        }
        if (!prompt.endsWith(END)) {
            throw new IllegalArgumentException("prompt does not end with '###Feedback: '");
        }
        int ins = prompt.indexOf(INSTRUCTION);
        if (ins < 0) {
            throw new IllegalArgumentException("no '###The instruction to evaluate:' section");
        }
        int insStart = ins + INSTRUCTION.length();
        int resp = prompt.indexOf(RESPONSE, insStart);
        if (resp < 0) {
            throw new IllegalArgumentException("no '###Response to evaluate:' section");
        }
        int rub = prompt.lastIndexOf(RUBRIC);
        if (rub < resp) {
            throw new IllegalArgumentException("no '###Score Rubrics:' section after the response");
        }
        int ref = prompt.lastIndexOf(REFERENCE, rub);
        String reference = null;
        int responseEnd = rub;
        if (ref > resp) {
            reference = prompt.substring(ref + REFERENCE.length(), rub);
            responseEnd = ref;
        }
        String instruction = prompt.substring(insStart, resp);
        String response = prompt.substring(resp + RESPONSE.length(), responseEnd);
        Rubric rubric = parseRubric(prompt.substring(rub + RUBRIC.length(), prompt.length() - END.length()));
        return new AbsoluteRequest(instruction, response, rubric, reference);
    }

    /** Parses "[criterion]\nScore 1: d1\n...\nScore 5: d5". */
    static Rubric parseRubric(String text) {
        if (!text.startsWith("[")) {
            throw new IllegalArgumentException("rubric does not start with '[criterion]'");
        }
        int close = text.indexOf("]\nScore 1: ");
        if (close < 0) {
            throw new IllegalArgumentException("rubric has no ']' followed by 'Score 1: '");
        }
        String criterion = text.substring(1, close);
        List<String> descriptions = new ArrayList<>();
        int start = close + "]\nScore 1: ".length();
        for (int score = 2; ; score++) {
            int next = text.indexOf("\nScore " + score + ": ", start);
            if (next < 0) {
                descriptions.add(text.substring(start));
                break;
            }
            descriptions.add(text.substring(start, next));
            start = next + ("\nScore " + score + ": ").length();
        }
        return new Rubric(criterion, 1, descriptions);
    }
}
