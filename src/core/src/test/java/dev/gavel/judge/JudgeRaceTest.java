package dev.gavel.judge;

import dev.gavel.AbsoluteRequest;
import dev.gavel.InputTooLongException;
import dev.gavel.JudgeException;
import dev.gavel.Judgment;
import dev.gavel.PairwiseRequest;
import dev.gavel.Rubric;
import dev.gavel.StepRequest;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads grade, compare, judge steps, batch and cancel on one judge while two other threads
 * close it at a random moment. Nothing may crash; every call either returns, or throws
 * {@link IllegalStateException} because the judge is closed; every future completes, with a
 * judgment or with one of the documented failures: a {@link JudgeException} of reason CLOSED
 * (closed before the request started), {@link InputTooLongException} (the oversized items), or
 * {@link CancellationException} (only for futures this test cancelled). Afterwards the engine is
 * idle and every entry point throws the documented exception.
 */
class JudgeRaceTest {
    private static final int WORKERS = 8;
    private static final int ROUNDS = 4;

    private static final Rubric RUBRIC = Rubric.of("Is it right?", "No.", "Barely.", "Partly.", "Mostly.", "Yes.");

    private record Tracked(CompletableFuture<?> future, String kind, boolean cancelled, String thread) {
        Tracked(CompletableFuture<?> future, String kind, boolean cancelled) {
            this(future, kind, cancelled, Thread.currentThread().getName());
        }
    }

    /** Keeps a few requests per worker in flight, so that judgments finish before and during the close. */
    private static void throttle(List<Tracked> tracked, String thread) {
        List<Tracked> mine;
        synchronized (tracked) {
            mine = tracked.stream().filter(t -> t.thread().equals(thread) && !t.future().isDone()).toList();
        }
        if (mine.size() >= 3) {
            mine.getFirst().future().handle((v, e) -> null).join();
        }
    }

    @Test
    void gradingComparingAndCancellingWhileTheJudgeClosesEndsCleanly() throws Exception {
        Path model = TestModels.tinyByteLevel();
        long seed = System.nanoTime();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            runRound(model, new Random(seed + round), outcomes, "seed " + seed + " round " + round);
        }
        System.out.println("judge races: " + ROUNDS + " rounds x " + WORKERS + " threads, outcomes " + outcomes);
        assertTrue(outcomes.getOrDefault("ok", new AtomicInteger()).get() > 0, "some judgments completed: " + outcomes);
        assertTrue(outcomes.getOrDefault("rejected-after-close", new AtomicInteger()).get() > 0,
                "some calls met the closed judge: " + outcomes);
    }

    private void runRound(Path model, Random random, Map<String, AtomicInteger> outcomes, String why) throws Exception {
        Judge judge = Judge.open(model, JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(6).parallel(4)
                .contextSize(1024).threads(1).build());
        List<Tracked> tracked = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicBoolean closed = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            long workerSeed = random.nextLong();
            workers.add(Thread.ofPlatform().name("race-worker-" + w).start(() -> {
                Random r = new Random(workerSeed);
                // Keep going a little past the close so that calls meet the closed judge too.
                for (int afterClose = 0; afterClose < 3; ) {
                    if (closed.get()) {
                        afterClose++;
                    }
                    try {
                        throttle(tracked, Thread.currentThread().getName());
                        call(judge, r, tracked);
                    } catch (CancellationException e) {
                        // (a subtype of IllegalStateException) no blocking call's future is cancelled
                        unexpected.compareAndSet(null, e);
                    } catch (IllegalStateException e) {
                        if (!judge.isClosed()) {
                            unexpected.compareAndSet(null, e);
                        }
                        outcomes.computeIfAbsent("rejected-after-close", k -> new AtomicInteger()).incrementAndGet();
                    } catch (JudgeException e) {
                        // blocking calls: the same outcomes as the futures, thrown
                        if (!(e instanceof InputTooLongException) && e.reason() != JudgeException.Reason.CLOSED) {
                            unexpected.compareAndSet(null, e);
                        }
                    } catch (Throwable t) {
                        unexpected.compareAndSet(null, t);
                    }
                }
            }));
        }
        Thread.sleep(300 + random.nextInt(1200));
        Thread closerA = Thread.ofPlatform().start(() -> {
            judge.close();
            closed.set(true);
        });
        Thread closerB = Thread.ofPlatform().start(judge::close);
        closerA.join(TimeUnit.SECONDS.toMillis(120));
        closerB.join(TimeUnit.SECONDS.toMillis(120));
        assertTrue(!closerA.isAlive() && !closerB.isAlive(), "close returned; " + why);
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(120));
            assertTrue(!t.isAlive(), "worker finished; " + why);
        }
        assertNull(unexpected.get(), () -> "unexpected " + unexpected.get() + "; " + why);

        List<Tracked> all;
        synchronized (tracked) {
            all = List.copyOf(tracked);
        }
        for (Tracked t : all) {
            String outcome = outcome(t, why);
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }
        assertTrue(judge.isClosed());
        assertTrue(judge.occupancy().isIdle(), judge.occupancy() + "; " + why);
        assertEquals(0, judge.occupancy().activeRequests());
        assertAllEntryPointsRefuse(judge);
    }

    /** One random call; futures are tracked, some cancelled at once or a little later. */
    private static void call(Judge judge, Random r, List<Tracked> tracked) throws Exception {
        String text = "answer " + r.nextInt(1000);
        switch (r.nextInt(9)) {
            case 0, 1 -> tracked.add(new Tracked(judge.gradeAsync(new AbsoluteRequest("Q?", text, RUBRIC)), "grade", false));
            case 2 -> tracked.add(new Tracked(judge.compareAsync(new PairwiseRequest("Q?", text, text + "!", "Which is right?",
                    null)), "compare", false));
            case 3 -> tracked.add(new Tracked(judge.judgeStepsAsync(new StepRequest("1+1?", List.of("1+1=2", text))),
                    "steps", false));
            case 4 -> {
                CompletableFuture<Judgment> f = judge.gradeAsync(new AbsoluteRequest("Q?", text, RUBRIC));
                if (r.nextBoolean()) {
                    Thread.sleep(r.nextInt(20));
                }
                f.cancel(true);
                tracked.add(new Tracked(f, "cancelled", true));
            }
            case 5 -> {
                // Too long for the context: fails with InputTooLongException, never reaches the engine.
                tracked.add(new Tracked(judge.gradeAsync(new AbsoluteRequest("Q?", "word ".repeat(3000), RUBRIC)),
                        "too-long", false));
            }
            case 6 -> judge.grade(new AbsoluteRequest("Q?", text, RUBRIC));
            case 7 -> judge.gradeAll(List.of(new AbsoluteRequest("Q?", text, RUBRIC),
                    new AbsoluteRequest("Q?", text + "?", RUBRIC)));
            default -> judge.promptTokens(new AbsoluteRequest("Q?", text, RUBRIC));
        }
    }

    private static String outcome(Tracked t, String why) throws InterruptedException {
        try {
            Object v = t.future().get(120, TimeUnit.SECONDS);
            if (v instanceof Judgment j) {
                assertTrue(j.score() >= 1 && j.score() <= 5, why);
            }
            assertTrue(!t.kind().equals("too-long"), "an oversized item was judged; " + why);
            return "ok";
        } catch (CancellationException e) {
            assertTrue(t.cancelled(), "only cancelled futures are cancelled; " + why);
            return "cancelled";
        } catch (TimeoutException e) {
            throw new AssertionError("a " + t.kind() + " future never completed; " + why, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof InputTooLongException) {
                assertEquals("too-long", t.kind(), why);
                return "input-too-long";
            }
            if (c instanceof JudgeException j && j.reason() == JudgeException.Reason.CLOSED) {
                return "closed-before-start";
            }
            throw new AssertionError("a " + t.kind() + " future failed with an undocumented " + c + "; " + why, c);
        }
    }

    static void assertAllEntryPointsRefuse(Judge judge) {
        AbsoluteRequest a = new AbsoluteRequest("Q?", "A.", RUBRIC);
        PairwiseRequest p = new PairwiseRequest("Q?", "A.", "B.", "Which?", null);
        StepRequest s = new StepRequest("Q?", List.of("step"));
        assertThrows(IllegalStateException.class, () -> judge.grade(a));
        assertThrows(IllegalStateException.class, () -> judge.gradeAsync(a));
        assertThrows(IllegalStateException.class, () -> judge.gradeAll(List.of(a)));
        assertThrows(IllegalStateException.class, () -> judge.compare(p));
        assertThrows(IllegalStateException.class, () -> judge.compareAsync(p));
        assertThrows(IllegalStateException.class, () -> judge.compareAll(List.of(p)));
        assertThrows(IllegalStateException.class, () -> judge.judgeSteps(s));
        assertThrows(IllegalStateException.class, () -> judge.judgeStepsAsync(s));
        assertThrows(IllegalStateException.class, () -> judge.promptTokens(a));
        // What stays readable after close.
        judge.metrics();
        judge.model();
        judge.options();
        judge.close();
    }
}
