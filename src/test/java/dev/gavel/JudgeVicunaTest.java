package dev.gavel;

import dev.gavel.data.PrometheusDataset;
import dev.gavel.data.VicunaExample;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: all 320 Vicuna dev items graded end to end with stories260K (chatml template) give
 * 320 well-formed judgments with scores in 1-5. stories260K's 512-token vocabulary makes these
 * prompts 1,848-5,124 tokens long (measured), so the context holds 8 of the longest at once and
 * nothing is elided; feedback is limited to 16 tokens to keep the run short.
 */
class JudgeVicunaTest {
    private static final int LONGEST_PROMPT = 5124;

    @Test
    void gradesAllVicunaItems() throws Exception {
        List<VicunaExample> examples = PrometheusDataset.loadVicuna(SharedFixtures.data("prometheus_vicuna_eval.json"));
        assertEquals(320, examples.size());
        JudgeOptions options = JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(16).parallel(8)
                .contextSize(8 * (LONGEST_PROMPT + 64)).build();
        try (Judge judge = Judge.open(SharedFixtures.model("stories260K.gguf"), options)) {
            List<Judgment> judgments = judge.gradeAll(examples.stream().map(VicunaExample::request).toList());
            assertEquals(320, judgments.size());
            for (Judgment j : judgments) {
                assertTrue(j.score() >= 1 && j.score() <= 5, "score " + j.score());
                assertEquals(List.of("1", "2", "3", "4", "5"), j.distribution().options());
                assertTrue(j.expectedScore() >= 1 && j.expectedScore() <= 5);
                assertTrue(j.formatAdherence() >= 0 && j.formatAdherence() <= 1 + 1e-9);
                assertNotNull(j.feedback());
                assertFalse(j.elided());
                assertEquals(1, j.samples().size());
                assertTrue(j.tokens().generated() > 0 && j.tokens().generated() <= 16 + 16);
                assertEquals("prometheus2", j.provenance().formatId());
                assertEquals("chatml", j.provenance().chatTemplate());
                assertEquals(judge.model().sha256(), j.provenance().modelSha256());
            }
            System.out.printf("vicuna: 320 judgments, score counts %s, metrics %s%n",
                    judgments.stream().collect(java.util.stream.Collectors.groupingBy(Judgment::score,
                            java.util.TreeMap::new, java.util.stream.Collectors.counting())), judge.metrics());
        }
    }
}
