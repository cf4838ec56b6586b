package dev.gavel.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.StepRequest;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessBenchFormatTest {
    private final ProcessBenchFormat format = new ProcessBenchFormat();

    @Test
    void pinnedCritiquePrompt() {
        JudgeConversation c = format.steps(new StepRequest("What is 1+1?", List.of("1+1 = 2.", "So the answer is 2.")));
        String expected = "The following is a math problem and a solution (split into paragraphs, enclosed with tags and indexed from 0):\n\n"
                + "[Math Problem]\n\nWhat is 1+1?\n\n[Solution]\n\n"
                + "<paragraph_0>\n1+1 = 2.\n</paragraph_0>\n\n<paragraph_1>\nSo the answer is 2.\n</paragraph_1>\n\n"
                + "Your task is to review and critique the solution paragraph by paragraph. Once you identify an error in a paragraph, "
                + "return the index of the paragraph where the earliest error occurs. Otherwise, return the index of -1 "
                + "(which typically denotes \"not found\").\n\nPlease put your final answer (i.e., the index) in \\boxed{}.";
        assertEquals(expected, c.user().text());
        assertTrue(c.system().isEmpty(), "ProcessBench sends no system prompt");
        assertEquals(List.of("-1", "0", "1"), c.answer().options());
        assertEquals("\\boxed{", c.answer().marker());
        assertEquals("}", c.answer().close());
        assertEquals(new PromptSegment("1+1 = 2.", false), c.user().segments().get(3));
        assertEquals(java.util.Optional.of("1"), c.answer().extractChoice("Paragraph 1 is wrong. \\boxed{1}"));
        assertEquals(java.util.Optional.of("-1"), c.answer().extractChoice("All fine: \\boxed{-1}"));
    }

    @Test
    void everyProcessBenchRecordGetsOneTagPairAndOneOptionPerStep() throws Exception {
        JsonNode root = new ObjectMapper().readTree(SharedFixtures.data("processbench_gsm8k.json").toFile());
        assertEquals(400, root.size());
        for (JsonNode r : root) {
            List<String> steps = new ArrayList<>();
            r.get("steps").forEach(s -> steps.add(s.asText()));
            JudgeConversation c = format.steps(new StepRequest(r.get("problem").asText(), steps));
            String text = c.user().text();
            for (int i = 0; i < steps.size(); i++) {
                assertTrue(text.contains("<paragraph_" + i + ">\n" + steps.get(i) + "\n</paragraph_" + i + ">"));
            }
            assertEquals(steps.size() + 1, c.answer().options().size());
            assertTrue(c.answer().options().contains(Integer.toString(r.get("label").asInt())), r.get("id").asText());
            assertEquals(steps.size() + 1, c.user().segments().stream().filter(s -> !s.trusted()).count(),
                    "problem and each step are content");
        }
    }
}
