package dev.gavel.data;

import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadersTest {
    @TempDir
    Path tmp;

    @Test
    void anInputJoinsItsInstructionAfterABlankLineUnlessItIsBlank() {
        assertEquals("Translate.\n\nBonjour", InstructionText.withInput("Translate.", "Bonjour"));
        for (String none : new String[] {null, "", "  \n"}) {
            assertEquals("Translate.", InstructionText.withInput("Translate.", none), String.valueOf(none));
        }
    }

    private static <T> List<T> allOk(List<Parsed<T>> parsed) {
        assertEquals(List.of(), Parsed.errors(parsed));
        return Parsed.values(parsed);
    }

    @Test
    void llmBarFiles() throws DatasetException {
        assertEquals(100, allOk(LlmBarDataset.load(SharedFixtures.data("llmbar_natural.json"))).size());
        assertEquals(66, allOk(LlmBarDataset.load(SharedFixtures.data("llmbar_processed_faireval.json"))).size());
        List<PairwiseItem> items = allOk(LlmBarDataset.load(SharedFixtures.data("llmbar_processed_llmeval2.json")));
        assertEquals(200, items.size());
        assertEquals("0", items.getFirst().id());
        assertEquals("enter a home and go into the kitchen.", items.getFirst().responseA());
        assertEquals(1, items.getFirst().label());
        assertEquals(108, items.stream().filter(i -> i.label() == 2).count());
    }

    @Test
    void pandaLmTestset() throws DatasetException {
        List<PairwiseItem> items = allOk(PandaLmTestset.load(SharedFixtures.data("pandalm_testset_v1.json")));
        assertEquals(999, items.size());
        // first record: annotators 2, 2, 2; motivation_app Grammarly
        assertEquals(2, items.getFirst().label());
        assertEquals("Grammarly", items.getFirst().category());
        // majority-vote label counts, tallied independently from the annotator triples
        assertEquals(472, items.stream().filter(i -> i.label() == 2).count());
        assertEquals(422, items.stream().filter(i -> i.label() == 1).count());
        assertEquals(105, items.stream().filter(i -> i.label() == 0).count());
    }

    @Test
    void majorityVote() {
        assertEquals(1, PandaLmTestset.majority(1, 0, 1));
        assertEquals(0, PandaLmTestset.majority(2, 0, 0));
        // three-way split: the first annotator's vote, as PandaLM's dict-based count resolves it
        assertEquals(2, PandaLmTestset.majority(2, 0, 1));
        assertEquals(0, PandaLmTestset.majority(0, 1, 2));
    }

    @Test
    void pandaLmPredictions() throws DatasetException {
        List<Prediction> gpt = allOk(PandaLmPredictions.load(SharedFixtures.data("pandalm_predictions_gpt35turbo.json")));
        assertEquals(999, gpt.size());
        assertEquals(25, gpt.stream().filter(Prediction::unparsed).count());
        // "Tie" (38) and "garbage" (25) both become 0
        assertEquals(63, gpt.stream().filter(p -> p.value() == 0).count());
        List<Prediction> panda = allOk(PandaLmPredictions.load(SharedFixtures.data("pandalm_predictions_pandalm7b.json")));
        assertEquals(107, panda.stream().filter(p -> p.value() == 0).count());
    }

    @Test
    void processBench() throws DatasetException {
        List<StepItem> items = allOk(ProcessBenchDataset.load(SharedFixtures.data("processbench_gsm8k.json")));
        assertEquals(400, items.size());
        assertEquals("gsm8k-0", items.getFirst().id());
        assertEquals(4, items.getFirst().steps().size());
        assertEquals(1, items.getFirst().label());
        assertEquals(193, items.stream().filter(i -> i.label() == StepItem.NO_ERROR).count());
    }

    @Test
    void badRecordsAreReportedAndTheRestKept() throws IOException, DatasetException {
        Path f = tmp.resolve("bar.json");
        Files.writeString(f, """
                [{"input": "q", "output_1": "a", "output_2": "b", "label": 1},
                 {"input": "q", "output_1": "a", "label": 2},
                 {"input": "q", "output_1": "a", "output_2": "b", "label": 3},
                 "not an object"]
                """);
        List<Parsed<PairwiseItem>> parsed = LlmBarDataset.load(f);
        assertEquals(1, Parsed.values(parsed).size());
        List<Parsed.Error<PairwiseItem>> errors = Parsed.errors(parsed);
        assertEquals(3, errors.size());
        assertEquals("record 1: missing field 'output_2'", errors.get(0).describe());
        assertTrue(errors.get(1).describe().startsWith("record 2: LLMBar label must be 1 or 2"), errors.get(1).describe());
        assertEquals(3, errors.get(2).index());
    }

    @Test
    void jsonlErrorsNameTheLine() throws IOException, DatasetException {
        Path f = tmp.resolve("steps.jsonl");
        Files.writeString(f, """
                {"id": "a", "problem": "p", "steps": ["s1", "s2"], "final_answer_correct": "True", "label": -1}

                {"id": "b", "problem": "p", "steps": ["s1"], "final_answer_correct": false, "label": 4}
                {broken
                {"id": "c", "problem": "p", "steps": "s1", "final_answer_correct": false, "label": 0}
                """);
        List<Parsed<StepItem>> parsed = ProcessBenchDataset.load(f);
        assertEquals(4, parsed.size());
        assertTrue(Parsed.values(parsed).getFirst().finalAnswerCorrect());
        List<Parsed.Error<StepItem>> errors = Parsed.errors(parsed);
        assertEquals("line 3", errors.get(0).where());
        assertTrue(errors.get(0).message().contains("outside -1..0"), errors.get(0).message());
        assertEquals("line 4", errors.get(1).where());
        assertTrue(errors.get(1).message().startsWith("not valid JSON"));
        assertEquals("line 5: field 'steps' must be an array, found STRING", errors.get(2).describe());
    }

    @Test
    void unreadableFilesFailAsAWhole() throws IOException {
        assertThrows(DatasetException.class, () -> LlmBarDataset.load(tmp.resolve("absent.json")));
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "[{\"input\": ");
        DatasetException e = assertThrows(DatasetException.class, () -> LlmBarDataset.load(broken));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "  \n");
        assertThrows(DatasetException.class, () -> JsonRecords.read(empty));
    }

    @Test
    void genericMapping() throws IOException, DatasetException {
        Path f = tmp.resolve("generic.jsonl");
        Files.writeString(f, """
                {"q": "which?", "x": "first", "y": "second", "gold": "B", "topic": "math"}
                {"q": "which?", "x": "first", "y": "second", "gold": "tie"}
                {"q": "which?", "x": "first", "y": "second", "gold": "maybe"}
                """);
        FieldMapping mapping = new FieldMapping("", "q", "", "x", "y", "gold", "topic");
        List<Parsed<PairwiseItem>> parsed = GenericDataset.pairwise(f, mapping);
        List<PairwiseItem> ok = Parsed.values(parsed);
        assertEquals(new PairwiseItem("0", "which?", "", "first", "second", 2, "math"), ok.get(0));
        assertEquals(0, ok.get(1).label());
        assertEquals("", ok.get(1).category());
        assertTrue(Parsed.errors(parsed).getFirst().describe().startsWith("line 3: field 'gold' must be 1, 2 or 0/tie"));

        Path s = tmp.resolve("scored.json");
        Files.writeString(s, "[{\"id\": \"k\", \"instruction\": \"i\", \"response_a\": \"r\", \"label\": \"4.5\"}]");
        ScoredItem item = Parsed.values(GenericDataset.scored(s, FieldMapping.defaults())).getFirst();
        assertEquals(4.5, item.score());
        assertEquals("k", item.id());
    }

    @Test
    void genericPredictions() throws IOException, DatasetException {
        Path f = tmp.resolve("preds.jsonl");
        Files.writeString(f, """
                {"id": "1", "winner": "A", "probs": {"1": 0.8, "2": 0.2}}
                {"id": "1", "winner": 2, "swapped": true}
                {"id": "2", "unparsed": true}
                {"id": "3", "winner": 7}
                {"id": "4"}
                """);
        List<Parsed<Prediction>> parsed = PredictionFile.load(f, PredictionFile.Kind.WINNER);
        List<Prediction> ok = Parsed.values(parsed);
        assertEquals(3, ok.size());
        assertEquals(1.0, ok.get(0).value());
        assertEquals(0.8, ok.get(0).distribution().get("1"));
        assertTrue(ok.get(1).swapped());
        assertTrue(ok.get(2).unparsed());
        assertEquals("line 5: missing field 'winner'", Parsed.errors(parsed).get(1).describe());
        Parsed<Prediction> first = parsed.getFirst();
        assertInstanceOf(Parsed.Ok.class, first);
    }
}
