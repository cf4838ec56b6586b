package dev.gavel.langchain4j;

import dev.gavel.JudgeMode;
import dev.gavel.Judgment;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.SharedFixtures;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.aggregator.ContentAggregator;
import dev.langchain4j.rag.content.aggregator.ReRankingContentAggregator;
import dev.langchain4j.rag.query.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GavelScoringModel} on a real judge (stories260K, score-only), directly and inside LangChain4j's re-ranker. */
class GavelScoringModelTest {
    static final String QUERY = "What does the dog like to play with?";
    static final List<TextSegment> SEGMENTS = List.of(
            TextSegment.from("The dog likes to play with a red ball in the park."),
            TextSegment.from("The cat sat on the mat."),
            TextSegment.from("Lily went to the shop to buy milk."),
            TextSegment.from("Max the dog has a big stick and a ball."));

    private static Judge judge;
    private static GavelScoringModel model;

    @BeforeAll
    static void open() throws Exception {
        judge = Judge.open(SharedFixtures.model("stories260K.gguf"), JudgeOptions.builder().chatTemplate("chatml")
                .mode(JudgeMode.SCORE_ONLY).parallel(4).contextSize(4096).build());
        model = new GavelScoringModel(judge);
    }

    @AfterAll
    static void close() {
        if (judge != null) {
            judge.close();
        }
    }

    @Test
    void scoreAllIsTheNormalisedExpectedScoreOfEachSegmentInOneBatch() throws Exception {
        Response<List<Double>> r = model.scoreAll(SEGMENTS, QUERY);
        List<Double> scores = r.content();
        assertEquals(SEGMENTS.size(), scores.size());
        @SuppressWarnings("unchecked")
        List<Judgment> judgments = (List<Judgment>) r.metadata().get(GavelScoringModel.META_JUDGMENTS);
        assertEquals(SEGMENTS.size(), judgments.size());
        for (int i = 0; i < SEGMENTS.size(); i++) {
            double s = scores.get(i);
            assertTrue(s >= 0 && s <= 1, "score " + s);
            assertEquals((judgments.get(i).expectedScore() - 1) / 4, s, 1e-12);
            // the same segment graded alone, straight through the judge
            Judgment alone = judge.grade(model.request(SEGMENTS.get(i).text(), QUERY));
            assertEquals((alone.expectedScore() - 1) / 4, s, 1e-4, "segment " + i);
        }
        assertEquals(judge.model().sha256(), r.metadata().get(GavelScoringModel.META_MODEL_SHA256));
        assertTrue(r.tokenUsage().inputTokenCount() > 0);
        // the default single-segment method goes through scoreAll too
        assertEquals(scores.get(1), model.score(SEGMENTS.get(1), QUERY).content(), 1e-4);
    }

    @Test
    void reRankingContentAggregatorOrdersContentByTheJudgesScores() {
        List<Double> scores = model.scoreAll(SEGMENTS, QUERY).content();
        Map<String, Double> byText = new HashMap<>();
        for (int i = 0; i < SEGMENTS.size(); i++) {
            byText.put(SEGMENTS.get(i).text(), scores.get(i));
        }
        ContentAggregator reRanker = ReRankingContentAggregator.builder().scoringModel(model).maxResults(3).build();
        List<Content> retrieved = SEGMENTS.stream().map(Content::from).toList();
        List<Content> ranked = reRanker.aggregate(Map.of(Query.from(QUERY), List.of(retrieved)));

        assertEquals(3, ranked.size());
        List<String> kept = new ArrayList<>();
        double previous = Double.POSITIVE_INFINITY;
        for (Content c : ranked) {
            String text = c.textSegment().text();
            kept.add(text);
            double s = (Double) c.metadata().get(ContentMetadata.RERANKED_SCORE);
            assertEquals(byText.get(text), s, 1e-4, text);
            assertTrue(s <= previous, "not in descending score order: " + ranked);
            previous = s;
        }
        // what was dropped scored no higher than anything kept
        for (TextSegment seg : SEGMENTS) {
            if (!kept.contains(seg.text())) {
                assertTrue(byText.get(seg.text()) <= previous + 1e-4, seg.text());
            }
        }
    }

    @Test
    void minScoreDropsSegmentsTheJudgeScoresBelowIt() {
        List<Double> scores = model.scoreAll(SEGMENTS, QUERY).content();
        double cut = scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow() - 1e-3;
        ContentAggregator reRanker = ReRankingContentAggregator.builder().scoringModel(model).minScore(cut).build();
        List<Content> ranked = reRanker.aggregate(Map.of(Query.from(QUERY),
                List.of(SEGMENTS.stream().map(Content::from).toList())));
        assertTrue(!ranked.isEmpty() && ranked.size() < SEGMENTS.size() || scores.stream().allMatch(s -> s >= cut),
                "min score " + cut + " should keep only the best: " + ranked);
        for (Content c : ranked) {
            assertTrue((Double) c.metadata().get(ContentMetadata.RERANKED_SCORE) >= cut);
        }
    }

    @Test
    void aBlankQueryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> model.scoreAll(SEGMENTS, " "));
    }
}
