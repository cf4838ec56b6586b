package dev.gavel.data;

import dev.gavel.AbsoluteRequest;

import java.util.List;

/**
 * One record of prometheus_vicuna_eval.json: a response to one of 80 Vicuna questions, with the
 * three GPT-4 scores it received.
 *
 * @param id             stable id, "vicuna-{idx}-{responseSource}"
 * @param questionKey    groups the four responses to one question ("vicuna-{idx}")
 * @param category       the Vicuna question category, e.g. "fermi"
 * @param responseSource the model that wrote the response, e.g. "llama-2-chat"
 * @param request        instruction, response, reference answer and 1-5 rubric
 * @param gpt4Scores     the three GPT-4 scores (1-5)
 * @param prompt         the record's full Prometheus prompt, exactly as stored
 */
public record VicunaExample(String id, String questionKey, String category, String responseSource,
                            AbsoluteRequest request, List<Integer> gpt4Scores, String prompt) {
    public VicunaExample {
        gpt4Scores = List.copyOf(gpt4Scores);
    }

    /** The mean GPT-4 score, the label correlations are conventionally computed against. */
    public double meanGpt4Score() {
        return gpt4Scores.stream().mapToInt(Integer::intValue).average().orElseThrow();
    }
}
