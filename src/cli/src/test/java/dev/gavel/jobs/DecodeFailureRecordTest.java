package dev.gavel.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.JudgeException;
import dev.gavel.engine.DecodeFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A decode failure belongs to its item: the judge reports it as a {@link JudgeException} of reason
 * DECODE_FAILED (as Judge translates the engine's {@link DecodeFailedException}), the run writes an
 * error record for that item (which --retry-errors judges again) and goes on with the rest.
 */
class DecodeFailureRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aDecodeFailureIsAnErrorRecordAndTheRunGoesOn() throws Exception {
        List<InputItem<String>> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(InputItem.ok("i" + i, "line " + (i + 1), "req" + i));
        }
        JobRunner.Judging<String> judging = req -> req.equals("req3")
                ? CompletableFuture.failedFuture(new JudgeException(JudgeException.Reason.DECODE_FAILED,
                        "llama.cpp failed to decode this request",
                        new DecodeFailedException("llama_decode failed with code -3", new IllegalStateException("-3"))))
                : CompletableFuture.completedFuture(JSON.createObjectNode().put("score", 4));
        Path out = tmp.resolve("out.jsonl");
        ResumableOutput.Opened o = ResumableOutput.open(out, ResumableOutput.Mode.NEW, false, false);
        JobRunner<String> runner = new JobRunner<>(judging, o.writer(), Progress.none(), new RunSummary("grade"), 2);
        assertEquals(JobRunner.Outcome.COMPLETED, runner.run(items, Set.of()));
        o.writer().close();
        List<String> lines = Files.readAllLines(out);
        assertEquals(10, lines.size());
        JsonNode failed = lines.stream().map(DecodeFailureRecordTest::parse).filter(n -> n.get("id").asText().equals("i3"))
                .findFirst().orElseThrow();
        assertEquals("judge", failed.get("error_type").asText());
        assertTrue(failed.get("error").asText().contains("failed to decode"), failed.toString());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
