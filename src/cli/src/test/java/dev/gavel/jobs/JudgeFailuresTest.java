package dev.gavel.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.InputTooLongException;
import dev.gavel.InputTooLongException.Remedy;
import dev.gavel.JudgeException;
import dev.gavel.JudgeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failed judgments are sorted and worded from their reason and remedies, never from their text. */
class JudgeFailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static final InputTooLongException TOO_LONG = new InputTooLongException(5000, 262, 4096, null,
            List.of(Remedy.SHORTEN_RESPONSE, Remedy.LOWER_FEEDBACK_TOKENS, Remedy.RAISE_CONTEXT_SIZE,
                    Remedy.ELIDE_RESPONSE_MIDDLE));

    @Test
    void theReasonDecidesWhoseFailureItIs() {
        for (Reason r : Reason.values()) {
            // The message claims the opposite of the reason, to show it is never read.
            String misleading = r.isRequestFailure() ? "the engine is closed" : "input too long";
            assertEquals(r.isRequestFailure(), JudgeFailures.isItemFailure(new JudgeException(r, misleading)), r.name());
        }
        assertTrue(JudgeFailures.isItemFailure(new IllegalArgumentException("Prometheus 2 takes a 1-5 rubric")));
        assertFalse(JudgeFailures.isItemFailure(new IllegalStateException("input too long")));
        assertSame(TOO_LONG, JudgeFailures.unwrap(new CompletionException(new java.util.concurrent.ExecutionException(TOO_LONG))));
    }

    @Test
    void recordsSayTheErrorTypeAndTheFlagsThatFixAnInputTooLong() {
        assertEquals("input_too_long", JudgeFailures.errorType(TOO_LONG));
        assertEquals("judge", JudgeFailures.errorType(new JudgeException(Reason.DECODE_FAILED, "decode failed")));
        assertEquals("invalid_request", JudgeFailures.errorType(new IllegalArgumentException("bad rubric")));
        assertEquals("judge prompt is 5000 tokens + 262 reserved for the answer = 5262, over the context of 4096 by"
                + " 1166 tokens; shorten the response, lower --feedback-tokens, raise --context, or pass --long-input"
                + " elide; then rerun with --resume --retry-errors", JudgeFailures.message(TOO_LONG));
        assertEquals("decode failed", JudgeFailures.message(new JudgeException(Reason.DECODE_FAILED, "decode failed")));
        assertEquals("IllegalStateException", JudgeFailures.describe(new IllegalStateException()));
    }

    @Test
    void aJudgeThatFailsOrClosesStopsTheRunAndAnItemTooLongIsRecorded() throws Exception {
        for (Reason judgeSide : List.of(Reason.ENGINE_FAILED, Reason.CLOSED)) {
            List<InputItem<String>> items = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                items.add(InputItem.ok("i" + i, "line " + (i + 1), "req" + i));
            }
            JudgeException broken = new JudgeException(judgeSide, "the judge cannot go on");
            JobRunner.Judging<String> judging = req -> switch (req) {
                case "req1" -> CompletableFuture.failedFuture(TOO_LONG);
                case "req3" -> CompletableFuture.failedFuture(broken);
                default -> CompletableFuture.completedFuture(JSON.createObjectNode().put("score", 3));
            };
            Path out = tmp.resolve(judgeSide + ".jsonl");
            ResumableOutput.Opened o = ResumableOutput.open(out, ResumableOutput.Mode.NEW, false, false);
            JobRunner<String> runner = new JobRunner<>(judging, o.writer(), Progress.none(), new RunSummary("grade"), 1);
            assertEquals(JobRunner.Outcome.JUDGE_FAILED, runner.run(items, Set.of()), judgeSide.name());
            o.writer().close();
            assertSame(broken, runner.judgeFailure());
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(out)) {
                records.add(JSON.readTree(line));
            }
            assertEquals(List.of("i0", "i1", "i2"), records.stream().map(r -> r.get("id").asText()).toList(),
                    "the items before the broken judge; none for the item it hit");
            ObjectNode tooLong = (ObjectNode) records.get(1);
            assertEquals("input_too_long", tooLong.get("error_type").asText());
            assertTrue(tooLong.get("error").asText().contains("raise --context"), tooLong.toString());
        }
    }
}
