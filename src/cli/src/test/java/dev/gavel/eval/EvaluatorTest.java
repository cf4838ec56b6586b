package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness on small hand-made files, so it is covered without the shared data. */
class EvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");
    private final Evaluator evaluator = new Evaluator(new Bootstrap(100, 0.95, 1), Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path pandaTestset() throws IOException {
        // majority labels: 1, 2, 0, and a three-way split that PandaLM resolves to annotator1 (2)
        return write("testset.json", """
                [{"idx": 0, "instruction": "i", "input": "", "response1": "a", "response2": "b", "motivation_app": "X",
                  "annotator1": 1, "annotator2": 1, "annotator3": 2},
                 {"idx": 1, "instruction": "i", "input": "", "response1": "a", "response2": "b", "motivation_app": "X",
                  "annotator1": 2, "annotator2": 2, "annotator3": 2},
                 {"idx": 2, "instruction": "i", "input": "", "response1": "a", "response2": "b", "motivation_app": "Y",
                  "annotator1": 0, "annotator2": 0, "annotator3": 1},
                 {"idx": 3, "instruction": "i", "input": "", "response1": "a", "response2": "b", "motivation_app": "Y",
                  "annotator1": 2, "annotator2": 0, "annotator3": 1}]
                """);
    }

    @Test
    void pandaLmConventionsOnATinySet() throws IOException, DatasetException {
        Path preds = write("preds.json", """
                [{"idx": 0, "judge_result": "1"}, {"idx": 1, "judge_result": "garbage"},
                 {"idx": 2, "judge_result": "Tie"}, {"idx": 3, "judge_result": 2}]
                """);
        EvalReport r = evaluator.evaluate(DatasetPreset.PANDALM, pandaTestset(), new FilePredictions(preds));
        // reference 1, 2, 0, 2 vs prediction 1, 0 (garbage), 0, 2: three right
        assertEquals(0.75, r.metric("accuracy").value(), 1e-12);
        // class 0: P 1/2, R 1 -> F 2/3; class 1: F 1; class 2: P 1, R 1/2 -> F 2/3
        assertEquals((2.0 / 3 + 1 + 2.0 / 3) / 3, r.metric("macro_f1").value(), 1e-12);
        // without ties only items 0 and 3 remain, both right
        assertEquals(1.0, r.metric("accuracy_without_ties").value(), 1e-12);
        assertEquals(1, r.counts().get("unparsed"));
        assertEquals(NOW, r.timestamp());
        assertEquals(List.of(new CategoryScore("X", 2, 0.5), new CategoryScore("Y", 2, 1.0)), r.categories());
        assertEquals(1, r.confusion().orElseThrow().count(2, 0));
    }

    @Test
    void constantScoresGiveUndefinedCorrelationsNotACrash() throws IOException, DatasetException {
        Path data = write("prom.json", """
                [{"gpt4_score": [5, 4, 5], "category": "a"}, {"gpt4_score": "[3, 3, 3]", "category": "a"},
                 {"gpt4_score": [1, 2, 1], "category": "b"}, {"gpt4_score": [], "category": "b"}]
                """);
        Path preds = write("p.jsonl", """
                {"id": "0", "score": 4}
                {"id": "1", "score": 4}
                {"id": "2", "score": 4}
                """);
        EvalReport r = evaluator.evaluate(DatasetPreset.PROMETHEUS, data, new FilePredictions(preds));
        assertTrue(Double.isNaN(r.metric("pearson").value()));
        assertTrue(Double.isNaN(r.metric("kendall_tau_b").value()));
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().getFirst().contains("record 3: field 'gpt4_score' must be a non-empty list"), r.errors().getFirst());
        JsonNode json = JsonReport.toJson(r);
        assertTrue(json.get("pearson").isNull());
        assertTrue(json.get("metrics").get("pearson").get("value").isNull());
        assertTrue(MarkdownReport.render(r, List.of()).contains("| pearson | n/a |"));
        // reference means 4.67, 3, 1.33 round to 5, 3, 1; the judge's 4 matches none
        assertEquals(0.0, r.metric("exact_agreement").value());
    }

    @Test
    void noMatchingIdIsAnInputProblem() throws IOException {
        Path preds = write("p.jsonl", "{\"id\": \"17\", \"winner\": 1}\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> evaluator.evaluate(DatasetPreset.PANDALM, pandaTestset(), new FilePredictions(preds)));
        assertTrue(e.getMessage().contains("no prediction matches any dataset id"), e.getMessage());
    }

    @Test
    void duplicatePredictionsKeepTheFirst() throws IOException, DatasetException {
        Path preds = write("p.jsonl", """
                {"id": "0", "winner": 1}
                {"id": "0", "winner": 2}
                """);
        EvalReport r = evaluator.evaluate(DatasetPreset.PANDALM, pandaTestset(), new FilePredictions(preds));
        assertEquals(1.0, r.metric("accuracy").value());
        assertEquals(3, r.counts().get("missing"));
        assertTrue(r.errors().getFirst().contains("second prediction for id '0'"), r.errors().getFirst());
    }

    @Test
    void reportFilesAreWritten() throws IOException, DatasetException {
        Path preds = write("p.jsonl", """
                {"id": "0", "winner": 1, "probs": {"1": 0.9, "2": 0.1}}
                {"id": "1", "winner": 1, "probs": {"1": 0.7, "2": 0.3}}
                {"id": "2", "winner": 0, "probs": {"0": 0.5, "1": 0.5}}
                {"id": "3", "winner": 2, "probs": {"2": 0.95}}
                """);
        EvalReport r = evaluator.evaluate(DatasetPreset.PANDALM, pandaTestset(), new FilePredictions(preds));
        assertEquals(10, r.calibration().size());
        Path dir = tmp.resolve("out");
        List<String> files = ReportWriter.write(r, dir);
        assertEquals(List.of("report.json", "report.md", "confusion_matrix.png", "calibration.png", "categories.png"), files);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("- Timestamp: 2026-02-03T04:05:06Z"), md);
        assertTrue(md.contains("| accuracy (%) | 75.00 |"), md);
        assertTrue(md.contains("![calibration.png](calibration.png)"), md);
    }
}
