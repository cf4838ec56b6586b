package dev.gavel.langchain4j;

import dev.gavel.AbsoluteRequest;
import dev.gavel.JudgeException;
import dev.gavel.Judgment;
import dev.gavel.Rubric;
import dev.gavel.TokenCounts;
import dev.gavel.judge.Judge;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.model.scoring.ScoringModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A LangChain4j {@link ScoringModel} backed by a local Gavel {@link Judge}: the score of a segment
 * for a query is the judge's expected score on a relevance rubric (read from its probabilities
 * over the scores, not from the one score it chose), mapped linearly onto [0, 1]. So a
 * {@code ReRankingContentAggregator} can re-rank retrieved content with a local judge:
 *
 * <pre>{@code
 * ContentAggregator reRanker = ReRankingContentAggregator.builder()
 *         .scoringModel(new GavelScoringModel(judge)).maxResults(3).build();
 * }</pre>
 *
 * <p>{@link #scoreAll} submits every segment at once, so the judge batches them (and computes the
 * shared prompt prefix once). A judge opened in {@code SCORE_ONLY} mode is the natural choice
 * here: the expected score needs no feedback, and it is several times faster. The response's
 * metadata holds the judgments under {@link #META_JUDGMENTS}; its token usage is the prompt
 * tokens computed and the tokens generated. Thread-safe; the judge stays the caller's to close.
 */
public final class GavelScoringModel implements ScoringModel {
    /** Response metadata key: the {@code List<Judgment>} behind the scores, in segment order. */
    public static final String META_JUDGMENTS = "judgments";
    /** Response metadata key: hex SHA-256 of the judge model. */
    public static final String META_MODEL_SHA256 = "modelSha256";

    /** The default 1-5 rubric: how much of an answer to the query the segment holds. */
    public static final Rubric RELEVANCE = Rubric.of(
            "How relevant is the passage to the query: does it hold the information that answers it?",
            "The passage is unrelated to the query.",
            "The passage shares the query's topic but holds nothing that helps answer it.",
            "The passage holds some information useful for the query but does not answer it.",
            "The passage answers most of the query.",
            "The passage directly and fully answers the query.");

    private final Judge judge;
    private final Rubric rubric;

    /** Scores on {@link #RELEVANCE}. */
    public GavelScoringModel(Judge judge) {
        this(judge, RELEVANCE);
    }

    /** Scores on a rubric of your own; its top score maps to 1 and its bottom score to 0. */
    public GavelScoringModel(Judge judge, Rubric rubric) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.rubric = Objects.requireNonNull(rubric, "rubric");
    }

    public Rubric rubric() {
        return rubric;
    }

    /**
     * Scores every segment for the query, in segment order.
     *
     * @throws IllegalArgumentException when the query is blank
     * @throws JudgingException         when the judge cannot grade a segment; none is scored then
     * @throws IllegalStateException    when the judge is closed
     */
    @Override
    public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
        Objects.requireNonNull(segments, "segments");
        List<AbsoluteRequest> requests = new ArrayList<>(segments.size());
        for (TextSegment s : segments) {
            requests.add(request(s.text(), query));
        }
        List<Judgment> judgments;
        try {
            judgments = judge.gradeAll(requests);
        } catch (JudgeException e) {
            throw new JudgingException("the judge could not score the segments: " + e.getMessage(), e);
        }
        List<Double> scores = new ArrayList<>(judgments.size());
        int computed = 0, generated = 0;
        for (Judgment j : judgments) {
            scores.add(normalized(j.expectedScore()));
            TokenCounts t = j.tokens();
            if (t != null) {
                computed += t.computed();
                generated += t.generated();
            }
        }
        return new Response<>(scores, new TokenUsage(computed, generated), FinishReason.STOP,
                Map.of(META_JUDGMENTS, List.copyOf(judgments), META_MODEL_SHA256, judge.model().sha256()));
    }

    /**
     * The request a segment becomes: the query framed as a retrieval task is the instruction and
     * the segment is the response judged.
     *
     * @throws IllegalArgumentException when the query is blank
     */
    public AbsoluteRequest request(String segment, String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("the query must not be blank");
        }
        return new AbsoluteRequest("Retrieve a passage that helps answer this query.\n\nQuery: " + query.strip(),
                segment == null ? "" : segment, rubric);
    }

    /** The expected score mapped linearly from [min, max] onto [0, 1]. */
    public double normalized(double expectedScore) {
        return Math.clamp((expectedScore - rubric.min()) / (rubric.max() - rubric.min()), 0.0, 1.0);
    }
}
