package dev.gavel.jobs;

import dev.gavel.EngineSettings;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells a user why a run on the CPU is slow when the reason is the machine, not Gavel: while the
 * engine decodes, llama.cpp's compute threads run flat out, so a process that got far less CPU
 * time than its threads could use was held back by other processes, and runs that much slower.
 * The watch compares the process's CPU time with what its threads could have used, and names the
 * load average against the processors and what to try. A run whose layers are on a GPU is not
 * bound by the CPU and is not watched.
 */
public final class MachineLoad {
    /** Below this share of the CPU time its threads could use, a run is called held back. */
    static final double BUSY_SHARE = 0.5;
    /** Shorter stretches say little: start-up, the first prompts, the last judgments draining. */
    static final long FIRST_CHECK_SECONDS = 20;
    static final long CHECK_EVERY_SECONDS = 30;

    private MachineLoad() {
    }

    /** What the watch reads: wall time, this process's CPU time, the system's load average. */
    interface Probe {
        long wallNanos();

        /** CPU time of this process so far, or -1 when the JVM cannot tell. */
        long cpuNanos();

        /** One-minute load average, or a negative value when unavailable. */
        double loadAverage();
    }

    /** The real machine. */
    static final Probe SYSTEM = new Probe() {
        @Override
        public long wallNanos() {
            return System.nanoTime();
        }

        @Override
        public long cpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }

        @Override
        public double loadAverage() {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    };

    /**
     * The verdict on one stretch of a run: a warning saying why it ran slowly and what to try, or
     * empty when the process had the CPU time its threads could use (or nothing can be told).
     *
     * @param wallNanos   length of the stretch
     * @param cpuNanos    CPU time the process used in it, negative when unknown
     * @param threads     the engine's compute threads
     * @param processors  processors the JVM sees
     * @param loadAverage the one-minute load average at its end, negative when unknown
     */
    static Optional<String> assess(long wallNanos, long cpuNanos, int threads, int processors, double loadAverage) {
        if (wallNanos <= 0 || cpuNanos < 0) {
            return Optional.empty();
        }
        int usable = Math.min(threads, processors);
        double share = cpuNanos / ((double) wallNanos * usable);
        // A quiet machine (load within the processors) with a low share is not a busy machine: a tiny
        // model leaves its threads idle between decodes, say. Only contention is reported.
        if (share >= BUSY_SHARE || (loadAverage >= 0 && loadAverage <= processors)) {
            return Optional.empty();
        }
        String why = loadAverage >= 0
                ? String.format(Locale.ROOT, "the machine is busy (load average %.1f on %d processors)", loadAverage,
                processors)
                : "other processes used the processors";
        return Optional.of(String.format(Locale.ROOT, "judging got %.0f%% of the CPU time its %d compute thread%s"
                        + " could use: %s, so it runs about %.0fx slower than on a quiet machine. Try: run when the"
                        + " machine is quieter, or fewer threads (--threads %d), since every decode waits for its"
                        + " slowest thread",
                100 * share, usable, usable == 1 ? "" : "s", why, 1 / Math.max(share, 0.01),
                Math.max(1, usable / 2)));
    }

    /** A warning about the threads asked for, known before the run: more than the processors. */
    static Optional<String> oversubscribed(int threads, int processors) {
        return threads > processors
                ? Optional.of("--threads " + threads + " is more than the " + processors + " processors; llama.cpp's"
                + " threads then wait for each other: use --threads " + processors + " or fewer")
                : Optional.empty();
    }

    /**
     * Watches the run from now until {@link Watch#finish}: prints {@code onSlow} once, while the
     * run goes on, when a stretch was held back.
     */
    static Watch watch(EngineSettings settings, Consumer<String> onSlow) {
        return new Watch(settings, onSlow, SYSTEM, Runtime.getRuntime().availableProcessors(), true);
    }

    /** One run's watch; close it in any case. */
    static final class Watch implements AutoCloseable {
        private final EngineSettings settings;
        private final Consumer<String> onSlow;
        private final Probe probe;
        private final int processors;
        private final long startWall;
        private final long startCpu;
        private final ScheduledExecutorService timer;
        private long lastWall;
        private long lastCpu;
        private boolean warned;

        Watch(EngineSettings settings, Consumer<String> onSlow, Probe probe, int processors, boolean periodic) {
            this.settings = settings;
            this.onSlow = onSlow;
            this.probe = probe;
            this.processors = processors;
            this.startWall = probe.wallNanos();
            this.startCpu = probe.cpuNanos();
            this.lastWall = startWall;
            this.lastCpu = startCpu;
            boolean watching = !settings.gpuOffload();
            if (watching) {
                oversubscribed(settings.threads(), processors).ifPresent(this::warn);
            }
            if (watching && periodic) {
                timer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "gavel-machine-load");
                    t.setDaemon(true);
                    return t;
                });
                timer.scheduleWithFixedDelay(this::check, FIRST_CHECK_SECONDS, CHECK_EVERY_SECONDS, TimeUnit.SECONDS);
            } else {
                timer = null;
            }
        }

        /** Looks at the stretch since the last check; warns once if it was held back. */
        synchronized void check() {
            long wall = probe.wallNanos();
            long cpu = probe.cpuNanos();
            if (!warned && lastCpu >= 0) {
                assess(wall - lastWall, cpu - lastCpu, settings.threads(), processors, probe.loadAverage())
                        .ifPresent(this::warn);
            }
            lastWall = wall;
            lastCpu = cpu;
        }

        private void warn(String text) {
            warned = true;
            onSlow.accept(text);
        }

        /**
         * Stops watching; the verdict on the whole run, for the summary, when it was held back
         * and no warning was printed while it ran (a short run ends before the first check).
         */
        synchronized Optional<String> finish() {
            close();
            if (warned || settings.gpuOffload() || startCpu < 0) {
                return Optional.empty();
            }
            long wall = probe.wallNanos() - startWall;
            if (wall < TimeUnit.SECONDS.toNanos(2)) {
                return Optional.empty();
            }
            return assess(wall, probe.cpuNanos() - startCpu, settings.threads(), processors, probe.loadAverage());
        }

        @Override
        public void close() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
