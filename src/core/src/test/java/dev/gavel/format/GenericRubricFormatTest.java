package dev.gavel.format;

import dev.gavel.AbsoluteRequest;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenericRubricFormatTest {
    private final GenericRubricFormat format = new GenericRubricFormat();

    @Test
    void absoluteTakesAnyRangeAndAsksForThatRange() {
        Rubric r = Rubric.passFail("Does it compile?", "It does not.", "It does.");
        JudgeConversation c = format.absolute(new AbsoluteRequest("Write hello world in C.", "int main(){}", r));
        String text = c.user().text();
        assertTrue(text.contains("Criterion: Does it compile?\n- Score 0: It does not.\n- Score 1: It does.\n"), text);
        assertTrue(text.endsWith("write \"[RESULT] \" followed by a single integer from 0 to 1."), text);
        assertFalse(text.contains("[Reference answer"));
        assertEquals(List.of("0", "1"), c.answer().options());
        assertEquals("[RESULT] ", c.answer().marker());
        assertEquals(GenericRubricFormat.SYSTEM, c.system().text());
    }

    @Test
    void referenceAndPairwise() {
        Rubric r = Rubric.of("Correct?", "no", "partly", "yes");
        String withRef = format.absolute(new AbsoluteRequest("Q", "A", r, "REF")).user().text();
        assertTrue(withRef.contains("[Reference answer, which would earn the top score]\nREF\n"), withRef);
        JudgeConversation p = format.pairwise(new PairwiseRequest("Q", "first", "second", "Correct?", null));
        String text = p.user().text();
        assertTrue(text.contains("[Response A]\nfirst\n\n[Response B]\nsecond\n"), text);
        assertTrue(text.endsWith("followed by A or B."), text);
        assertEquals(List.of("A", "B"), p.answer().options());
        assertEquals(4, p.user().segments().stream().filter(s -> !s.trusted()).count());
    }
}
