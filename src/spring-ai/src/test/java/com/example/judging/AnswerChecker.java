package com.example.judging;

import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;
import org.springframework.ai.evaluation.Evaluator;
import org.springframework.stereotype.Service;

import java.util.List;

/** Checks that an answer is backed by the documents it was built from, with the starter's local judge. */
@Service
public class AnswerChecker {
    private final Evaluator evaluator; // the starter's GavelEvaluator (gavel.evaluator.preset)

    public AnswerChecker(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    public boolean grounded(String question, List<Document> documents, String answer) {
        EvaluationResponse r = evaluator.evaluate(new EvaluationRequest(question, documents, answer));
        // score: expected score mapped onto [0, 1]; metadata: score, distribution, provenance, ...
        System.out.printf("%.2f %s %s%n", r.getScore(), r.getMetadata().get("distribution"), r.getFeedback());
        return r.isPass();
    }
}
