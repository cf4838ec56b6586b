package dev.gavel.reliability;

import dev.gavel.AbsoluteRequest;
import dev.gavel.EngineOccupancy;
import dev.gavel.InputTooLongException;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import dev.gavel.StepRequest;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The child JVM of the memory soak: N judgments through one {@link Judge}, mixed (absolute with
 * two samples, pairwise in both orders, steps, requests cancelled in flight, items too long for
 * the context), a bounded number in flight. Prints {@code @@soak sample ...} lines (resident set,
 * heap, threads, open file descriptors, engine occupancy) every {@code every} judgments, and
 * {@code @@soak idle/closed ...} lines after the run: the parent decides whether that is flat.
 *
 * <p>args: model, judgments, every, seed
 */
public final class MemorySoak {
    static final String PREFIX = "@@soak ";

    private MemorySoak() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int judgments = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        Rubric rubric = Rubric.of("Is the story coherent?", "No.", "Barely.", "Partly.", "Mostly.", "Yes.");
        String[] words = "once upon a time there was a little dog who liked to play in the park with the ball"
                .split(" ");
        System.gc();
        print("baseline", 0, null);
        Judge judge = Judge.open(model, JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(4)
                .format(System.getProperty("soak.format", "gavel-rubric-v1"))
                .samples(Integer.getInteger("soak.samples", 2)).temperature(0.8f)
                .parallel(Integer.getInteger("soak.parallel", 4)).contextSize(Integer.getInteger("soak.context", 1024))
                .prefixCache(!Boolean.getBoolean("soak.noPrefix")).threads(Integer.getInteger("soak.threads", 1))
                .flashAttention(JudgeOptions.FlashAttention.valueOf(System.getProperty("soak.flash", "AUTO"))).build());
        String only = System.getProperty("soak.kinds", "");
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        long[] counts = new long[6]; // ok, cancelled, too long, absolute, pairwise, steps
        long start = System.nanoTime();
        for (int i = 1; i <= judgments; i++) {
            int kind = random.nextInt(20);
            if (!only.isEmpty()) {
                kind = Integer.parseInt(only.split(",")[random.nextInt(only.split(",").length)]);
            }
            StringBuilder text = new StringBuilder();
            for (int w = 0, n = 5 + random.nextInt(40); w < n; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            String response = text.toString().strip();
            CompletableFuture<?> f;
            if (kind < 9) {
                f = judge.gradeAsync(new AbsoluteRequest("Write a story about a dog.", response, rubric));
                counts[3]++;
            } else if (kind < 14) {
                f = judge.compareAsync(new PairwiseRequest("Write a story about a dog.", response,
                        response + " the end", "Which story is more coherent?", null));
                counts[4]++;
            } else if (kind < 16) {
                f = judge.judgeStepsAsync(new StepRequest("What is 2 + 3 * 4?", List.of("3 * 4 = 12", "2 + 12 = 14",
                        response)));
                counts[5]++;
            } else if (kind < 19) {
                // Cancelled at once or while it runs.
                f = judge.gradeAsync(new AbsoluteRequest("Write a story about a dog.", response, rubric));
                if (random.nextBoolean()) {
                    Thread.sleep(random.nextInt(15));
                }
                f.cancel(true);
                counts[3]++;
            } else {
                f = judge.gradeAsync(new AbsoluteRequest("Write a story about a dog.", "dog ".repeat(4000), rubric));
                counts[3]++;
            }
            inFlight.add(f);
            while (inFlight.size() >= 8 || (i == judgments && !inFlight.isEmpty())) {
                settle(inFlight.poll(), counts);
            }
            if (i % every == 0) {
                print("sample", i, judge.occupancy());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!judge.occupancy().isIdle() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        System.out.printf("%scounts ok=%d cancelled=%d too_long=%d absolute=%d pairwise=%d steps=%d seconds=%.1f%n",
                PREFIX, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], seconds);
        var m = judge.metrics();
        System.out.printf("%smetrics prompt_computed=%d reused=%d generated=%d decode_calls=%d decode_s=%.1f loop_s=%.1f%n",
                PREFIX, m.promptTokensComputed(), m.promptTokensReused(), m.generatedTokens(), m.decodeCalls(),
                m.decodeNanos() / 1e9, m.loopNanos() / 1e9);
        print("idle", judgments, judge.occupancy());
        judge.close();
        Thread.sleep(200); // the callback threads of the last futures end
        System.gc();
        print("closed", judgments, judge.occupancy());
    }

    private static void settle(CompletableFuture<?> f, long[] counts) throws InterruptedException {
        try {
            f.get(5, TimeUnit.MINUTES);
            counts[0]++;
        } catch (CancellationException e) {
            counts[1]++;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InputTooLongException) {
                counts[2]++;
            } else {
                throw new IllegalStateException("a judgment failed: " + e.getCause(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a judgment never completed", e);
        }
    }

    private static void print(String what, int judgments, EngineOccupancy o) throws IOException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heap = mem.getHeapMemoryUsage().getUsed();
        long gavelThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gavel-")).count();
        System.out.printf("%s%s judgments=%d rss_kb=%d heap_kb=%d threads=%d gavel_threads=%d fds=%d active=%d queued=%d"
                        + " cached=%d kv_used=%d kv_cached=%d decode_failures=%d%n", PREFIX, what, judgments, rssKb(),
                heap / 1024, ManagementFactory.getThreadMXBean().getThreadCount(), gavelThreads, openFds(),
                o == null ? 0 : o.activeRequests(), o == null ? 0 : o.queuedRequests(), o == null ? 0 : o.cachedPrompts(),
                o == null ? 0 : o.kvCellsInUse(), o == null ? 0 : o.kvCellsCached(), o == null ? 0 : o.decodeFailures());
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
