package dev.gavel.bench;

import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workloads from the shared data: sizes, grouping and limits. */
class WorkloadsTest {

    private static Path data() {
        return SharedFixtures.data("prometheus_vicuna_eval.json").getParent();
    }

    @Test
    void vicunaIs80QuestionsOf4AdjacentResponsesWithReference() throws Exception {
        Workload w = Workloads.load("vicuna", data(), 0);
        assertEquals(320, w.items().size());
        assertEquals(80, w.groups());
        // Groups are contiguous: a group never reappears after another started.
        Set<String> seen = new LinkedHashSet<>();
        String current = null;
        for (WorkItem i : w.items()) {
            if (!i.group().equals(current)) {
                assertTrue(seen.add(i.group()), "group " + i.group() + " is split");
                current = i.group();
            }
            assertNotNull(i.absolute());
            assertTrue(i.absolute().reference().isPresent());
        }
        for (int g = 0; g < 320; g += 4) {
            List<WorkItem> group = w.items().subList(g, g + 4);
            assertEquals(1, group.stream().map(WorkItem::group).distinct().count());
            assertEquals(1, group.stream().map(x -> x.absolute().instruction()).distinct().count());
        }
    }

    @Test
    void limitKeepsWholeGroupsFirstAndCutsExactly() throws Exception {
        Workload four = Workloads.load("vicuna", data(), 4);
        assertEquals(4, four.items().size());
        assertEquals(1, four.groups());
        Workload six = Workloads.load("vicuna", data(), 6);
        assertEquals(2, six.groups());
        assertEquals(four.items(), six.items().subList(0, 4));
    }

    @Test
    void hhhIsChosenThenRejectedWithoutReference() throws Exception {
        Workload w = Workloads.load("hhh", data(), 0);
        assertEquals(2 * 221, w.items().size());
        WorkItem chosen = w.items().get(0);
        WorkItem rejected = w.items().get(1);
        assertEquals(chosen.group(), rejected.group());
        assertTrue(chosen.id().endsWith("-chosen"));
        assertTrue(chosen.absolute().reference().isEmpty());
        assertEquals(chosen.absolute().instruction(), rejected.absolute().instruction());
    }

    @Test
    void pairwiseHasBothOrders() throws Exception {
        Workload w = Workloads.load("pairwise", data(), 0);
        assertEquals(200, w.items().size());
        WorkItem ab = w.items().get(0);
        WorkItem ba = w.items().get(1);
        assertNull(ab.absolute());
        assertEquals(ab.group(), ba.group());
        assertEquals(ab.pairwise().responseA(), ba.pairwise().responseB());
        assertEquals(ab.pairwise().responseB(), ba.pairwise().responseA());
    }

    @Test
    void unknownWorkloadIsRefused() {
        // The name is checked before any data is read, so no fixture is needed.
        assertThrows(IllegalArgumentException.class, () -> Workloads.load("mtbench", java.nio.file.Path.of("no-data-needed"), 0));
    }
}
