package dev.gavel.data;

import dev.gavel.AbsoluteRequest;
import dev.gavel.Rubric;
import dev.gavel.format.PrometheusFormat;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusDatasetTest {
    private final PrometheusFormat format = new PrometheusFormat();

    @Test
    void vicunaPromptsRebuildByteForByteFromTheirParts() throws Exception {
        List<VicunaExample> all = PrometheusDataset.loadVicuna(SharedFixtures.data("prometheus_vicuna_eval.json"));
        assertEquals(320, all.size());
        for (VicunaExample ex : all) {
            assertEquals(ex.prompt(), format.absoluteUserMessage(ex.request()).text(), ex.id());
            AbsoluteRequest r = ex.request();
            assertTrue(r.reference().isPresent(), ex.id());
            assertEquals(1, r.rubric().min());
            assertEquals(5, r.rubric().max());
            // The parts are the natural ones: no section header leaked into a neighbouring part.
            assertFalse(r.instruction().contains("###Response to evaluate:"), ex.id());
            assertFalse(r.response().contains("###Reference Answer"), ex.id());
            assertFalse(r.referenceAnswer().contains("###Score Rubrics:"), ex.id());
            assertFalse(r.rubric().criterion().contains("\n"), ex.id());
            r.rubric().descriptions().forEach(d -> assertFalse(d.contains("\nScore "), ex.id()));
            assertEquals(3, ex.gpt4Scores().size());
        }
    }

    @Test
    void vicunaGroupsFourResponsesPerQuestion() throws Exception {
        List<VicunaExample> all = PrometheusDataset.loadVicuna(SharedFixtures.data("prometheus_vicuna_eval.json"));
        Map<String, Set<String>> sourcesByQuestion = new HashMap<>();
        Map<String, AbsoluteRequest> firstByQuestion = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (VicunaExample ex : all) {
            assertTrue(ids.add(ex.id()), "ids are unique");
            sourcesByQuestion.computeIfAbsent(ex.questionKey(), k -> new HashSet<>()).add(ex.responseSource());
            AbsoluteRequest first = firstByQuestion.putIfAbsent(ex.questionKey(), ex.request());
            if (first != null) {
                assertEquals(first.instruction(), ex.request().instruction());
                assertEquals(first.rubric(), ex.request().rubric());
                assertEquals(first.referenceAnswer(), ex.request().referenceAnswer());
            }
        }
        assertEquals(80, sourcesByQuestion.size());
        sourcesByQuestion.values().forEach(s -> assertEquals(4, s.size()));
        VicunaExample first = all.getFirst();
        assertEquals("vicuna-1-vicuna", first.id());
        assertEquals(List.of(5, 5, 5), first.gpt4Scores());
        assertEquals(5.0, first.meanGpt4Score());
        assertEquals("How can I improve my time management skills?", first.request().instruction());
    }

    @Test
    void hhhPromptsRebuildByteForByteFromTheirParts() throws Exception {
        List<HhhPair> pairs = PrometheusDataset.loadHhh(SharedFixtures.data("prometheus_hhh_alignment_eval.json"));
        assertEquals(221, pairs.size());
        int prompts = 0;
        for (HhhPair p : pairs) {
            assertEquals(p.chosenPrompt(), format.absoluteUserMessage(p.chosen()).text(), p.id());
            assertEquals(p.rejectedPrompt(), format.absoluteUserMessage(p.rejected()).text(), p.id());
            prompts += 2;
            assertTrue(p.chosen().reference().isEmpty());
            assertEquals(p.chosen().instruction(), p.rejected().instruction());
            assertEquals(p.chosen().rubric(), p.rejected().rubric());
            assertNotEquals(p.chosen().response(), p.rejected().response(), p.id());
            assertTrue(Set.of("helpful", "harmless", "honest", "other").contains(p.source()));
        }
        assertEquals(442, prompts);
    }

    @Test
    void malformedRecordsNameRecordAndField(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("v.json");
        Files.writeString(missing, "[{\"idx\": 3, \"response_source\": \"x\", \"category\": \"c\", \"gpt4_score\": [1,2,3]}]");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> PrometheusDataset.loadVicuna(missing));
        assertTrue(e.getMessage().contains("record #0") && e.getMessage().contains("'instruction'"), e.getMessage());

        Path badScore = dir.resolve("s.json");
        String prompt = format.absoluteUserMessage(new AbsoluteRequest("Q?", "A.",
                Rubric.of("C?", "d1", "d2", "d3", "d4", "d5"), "R.")).text();
        Files.writeString(badScore, "[{\"idx\": 3, \"response_source\": \"x\", \"category\": \"c\", \"gpt4_score\": [1,7,3],"
                + "\"instruction\": " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(prompt) + "}]");
        e = assertThrows(DatasetFormatException.class, () -> PrometheusDataset.loadVicuna(badScore));
        assertTrue(e.getMessage().contains("idx 3") && e.getMessage().contains("gpt4_score"), e.getMessage());

        Path notPrompt = dir.resolve("h.json");
        Files.writeString(notPrompt, "[{\"source\": \"helpful\", \"chosen_instruction\": \"hello\", \"rejected_instruction\": \"x\"}]");
        e = assertThrows(DatasetFormatException.class, () -> PrometheusDataset.loadHhh(notPrompt));
        assertTrue(e.getMessage().contains("chosen_instruction"), e.getMessage());

        Path notArray = dir.resolve("o.json");
        Files.writeString(notArray, "{}");
        assertThrows(DatasetFormatException.class, () -> PrometheusDataset.loadHhh(notArray));
    }

    @Test
    void parserSplitsARubricWithAnyLevelCountAndRefusesGarbage() {
        Rubric r = PrometheusPromptParser.parseRubric("[Is it right?]\nScore 1: no\nScore 2: yes");
        assertEquals(Rubric.of("Is it right?", "no", "yes"), r);
        assertThrows(IllegalArgumentException.class, () -> PrometheusPromptParser.parseRubric("Is it right?"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusPromptParser.parseAbsolute("###Task Description:\nfoo"));
    }
}
