package dev.gavel.jobs;

import dev.gavel.EngineSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineLoadTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aRunHeldBackByABusyMachineIsToldWhyAndWhatToTry() {
        // the run: two threads on two processors, load average 3.7
        Optional<String> w = MachineLoad.assess(60 * SECOND, 30 * SECOND, 2, 2, 3.7);
        assertTrue(w.isPresent());
        String text = w.orElseThrow();
        assertTrue(text.contains("25%") && text.contains("load average 3.7 on 2 processors"), text);
        assertTrue(text.contains("4x slower") && text.contains("--threads 1"), text);
    }

    @Test
    void aRunThatHadItsCpuOrAQuietMachineIsNotWarnedAbout() {
        assertEquals(Optional.empty(), MachineLoad.assess(60 * SECOND, 110 * SECOND, 2, 2, 3.7), "nearly all its CPU");
        assertEquals(Optional.empty(), MachineLoad.assess(60 * SECOND, 20 * SECOND, 2, 2, 1.2),
                "a quiet machine: the low share has another cause");
        assertTrue(MachineLoad.assess(60 * SECOND, 20 * SECOND, 2, 2, -1).isPresent(), "no load average: the share decides");
        assertEquals(Optional.empty(), MachineLoad.assess(60 * SECOND, -1, 2, 2, 5), "no CPU time: nothing to tell");
        assertEquals(Optional.empty(), MachineLoad.assess(60 * SECOND, 40 * SECOND, 8, 1, 3),
                "threads beyond the processors cannot use more than the processors");
    }

    /** A machine whose numbers the test sets. */
    private static final class Scripted implements MachineLoad.Probe {
        long wall;
        long cpu;
        double load;

        @Override
        public long wallNanos() {
            return wall;
        }

        @Override
        public long cpuNanos() {
            return cpu;
        }

        @Override
        public double loadAverage() {
            return load;
        }
    }

    @Test
    void theWatchWarnsOnceWhileTheRunGoesOnAndTheSummaryOnlyWhenItDidNot() {
        EngineSettings cpu = new EngineSettings(1, 2, 128, false, false);
        Scripted m = new Scripted();
        m.load = 4;
        List<String> printed = new ArrayList<>();
        try (MachineLoad.Watch w = new MachineLoad.Watch(cpu, printed::add, m, 2, false)) {
            m.wall += 30 * SECOND;
            m.cpu += 55 * SECOND;
            w.check();
            assertEquals(List.of(), printed, "a stretch with its CPU");
            m.wall += 30 * SECOND;
            m.cpu += 12 * SECOND;
            w.check();
            assertEquals(1, printed.size(), "a held-back stretch");
            m.wall += 30 * SECOND;
            m.cpu += 6 * SECOND;
            w.check();
            assertEquals(1, printed.size(), "said once");
            assertEquals(Optional.empty(), w.finish(), "already said while it ran");
        }

        Scripted shortRun = new Scripted();
        shortRun.load = 4;
        MachineLoad.Watch w = new MachineLoad.Watch(cpu, printed::add, shortRun, 2, false);
        shortRun.wall += 10 * SECOND;
        shortRun.cpu += 4 * SECOND;
        assertTrue(w.finish().orElseThrow().contains("20%"), "a run too short for a check gets it in the summary");

        MachineLoad.Watch gpu = new MachineLoad.Watch(new EngineSettings(8, 2, 512, true, true), printed::add,
                shortRun, 2, false);
        shortRun.wall += 10 * SECOND;
        assertEquals(Optional.empty(), gpu.finish(), "a GPU run is not bound by the CPU");
    }

    @Test
    void moreThreadsThanProcessorsIsSaidAtTheStart() {
        List<String> printed = new ArrayList<>();
        new MachineLoad.Watch(new EngineSettings(1, 8, 128, false, false), printed::add, new Scripted(), 2, false).close();
        assertEquals(1, printed.size());
        assertTrue(printed.getFirst().contains("--threads 8 is more than the 2 processors"), printed.getFirst());
    }

    @Test
    void theRealProbeSeesThisProcessWork() {
        long cpu = MachineLoad.SYSTEM.cpuNanos();
        long wall = MachineLoad.SYSTEM.wallNanos();
        double x = 0;
        while (MachineLoad.SYSTEM.wallNanos() - wall < SECOND / 5) {
            x += Math.sqrt(x + 1);
        }
        assertTrue(x > 0);
        assertTrue(MachineLoad.SYSTEM.cpuNanos() > cpu, "CPU time grows while this thread works");
    }
}
