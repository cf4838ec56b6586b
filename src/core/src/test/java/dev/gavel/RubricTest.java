package dev.gavel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RubricTest {
    @Test
    void rangesAndOptions() {
        Rubric five = Rubric.of("C?", "a", "b", "c", "d", "e");
        assertEquals(1, five.min());
        assertEquals(5, five.max());
        assertEquals(List.of("1", "2", "3", "4", "5"), five.options());
        assertEquals("c", five.description(3));
        Rubric pf = Rubric.passFail("Ok?", "no", "yes");
        assertEquals(List.of("0", "1"), pf.options());
        assertEquals("0", pf.minOption());
        List<String> ten = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ten.add("level " + i);
        }
        Rubric r10 = new Rubric("C?", 1, ten);
        assertEquals("10", r10.maxOption());
        assertEquals(10, r10.levels());
    }

    @Test
    void builderAcceptsAnyOrderAndRefusesGaps() {
        Rubric r = Rubric.builder("C?").score(2, "b").score(1, "a").score(3, "c").build();
        assertEquals(Rubric.of("C?", "a", "b", "c"), r);
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> Rubric.builder("C?").score(1, "a").score(3, "c").build());
        assertTrue(gap.getMessage().contains("score 2 is missing"), gap.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rubric.builder("C?").score(1, "a").score(1, "b"));
        assertThrows(IllegalArgumentException.class, () -> Rubric.builder("C?").build());
    }

    @Test
    void invalidRubricsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Rubric.of(" ", "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> Rubric.of(null, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> Rubric.of("C?", "only one"));
        assertThrows(IllegalArgumentException.class, () -> Rubric.of("C?", "a", " "));
        assertThrows(IllegalArgumentException.class, () -> new Rubric("C?", -1, List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> new Rubric("C?", 100, List.of("a", "b")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rubric.of("C?", "a", "b").description(3));
        assertTrue(e.getMessage().contains("outside 1-2"), e.getMessage());
    }

    @Test
    void textsAreKeptExactly() {
        Rubric r = Rubric.of(" C? ", " a", "b ");
        assertEquals(" C? ", r.criterion());
        assertEquals(" a", r.description(1));
    }

    @Test
    void requestsValidate() {
        Rubric r = Rubric.of("C?", "a", "b");
        assertEquals("", new AbsoluteRequest("Q", "", r).response(), "an empty response can be judged");
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteRequest(" ", "x", r));
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteRequest("Q", null, r));
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteRequest("Q", "x", null));
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteRequest("Q", "x", r, " "));
        PairwiseRequest p = PairwiseRequest.of("Q", "a", "b", r, null);
        assertEquals("C?", p.criterion());
        assertEquals("b", p.swapped().responseA());
        assertThrows(IllegalArgumentException.class, () -> new PairwiseRequest("Q", "a", "b", "", null));
        assertThrows(IllegalArgumentException.class, () -> new StepRequest("P", List.of()));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StepRequest("P", withNull));
        assertTrue(e.getMessage().contains("step 0"), e.getMessage());
    }
}
