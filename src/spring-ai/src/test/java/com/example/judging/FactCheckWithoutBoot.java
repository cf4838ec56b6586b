package com.example.judging;

import dev.gavel.ModelLoadException;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.springai.GavelEvaluator;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;

import java.nio.file.Path;
import java.util.List;

/** The evaluator without Spring Boot: open a judge, wrap it, evaluate. */
public final class FactCheckWithoutBoot {
    public static void main(String[] args) throws ModelLoadException {
        try (Judge judge = Judge.open(Path.of("prometheus-7b-v2.0.Q4_K_M.gguf"), JudgeOptions.defaults())) {
            GavelEvaluator factCheck = GavelEvaluator.factChecking(judge);
            EvaluationResponse r = factCheck.evaluate(new EvaluationRequest("When did the bridge open?",
                    List.of(new Document("The bridge opened to traffic in May 1932.")),
                    "The bridge opened in 1932."));
            System.out.println((r.isPass() ? "supported" : "not supported") + ", score "
                    + r.getMetadata().get(GavelEvaluator.META_SCORE) + " of 5: " + r.getFeedback());
        }
    }
}
