package com.example.rag;

import dev.gavel.Rubric;
import dev.gavel.judge.Judge;
import dev.gavel.langchain4j.ChatModelGrader;
import dev.gavel.langchain4j.GavelScoringModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.rag.content.aggregator.ContentAggregator;
import dev.langchain4j.rag.content.aggregator.ReRankingContentAggregator;

import java.util.List;

/** A local judge in a LangChain4j application: re-ranking retrieved content, grading a chat model. */
public final class LocalJudge {
    private LocalJudge() {
    }

    /** For DefaultRetrievalAugmentor.builder().contentAggregator(...): the 3 most relevant passages. */
    public static ContentAggregator reRanker(Judge judge) {
        return ReRankingContentAggregator.builder()
                .scoringModel(new GavelScoringModel(judge)) // expected relevance 1-5 mapped onto [0, 1]
                .minScore(0.5)                              // an expected relevance of 3 or more
                .maxResults(3)
                .build();
    }

    /** Asks the model each question and grades the answers; 4 of 5 or better passes. */
    public static ChatModelGrader.Report grade(Judge judge, ChatModel model) {
        Rubric correct = Rubric.of("Is the answer correct and complete?", "Wrong or off topic.", "Mostly wrong.",
                "Partly correct.", "Correct with small gaps.", "Correct and complete.");
        ChatModelGrader.Report report = new ChatModelGrader(judge, correct, 4).grade(model,
                List.of("At what temperature does water boil at sea level?", "Which planet is the largest?"));
        for (ChatModelGrader.GradedAnswer a : report.answers()) {
            System.out.println(a.judgment().score() + " " + a.question() + " -> " + a.answer());
        }
        System.out.println("mean " + report.meanScore() + ", passed " + report.passRate());
        return report;
    }
}
