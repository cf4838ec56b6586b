package dev.gavel.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Runs every input item that is not already done through a judging function, keeping a bounded
 * number of judgments in flight (the judge batches them), and hands each finished record to the
 * writer as soon as it completes, whatever the order. Bad input records and failed judgments
 * become error records; the run goes on.
 *
 * @param <R> the request type
 */
public final class JobRunner<R> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Judges one request; the future's value holds the verdict fields of the output record. */
    @FunctionalInterface
    public interface Judging<R> {
        CompletableFuture<ObjectNode> judge(R request);
    }

    /** How a run ended. */
    public enum Outcome {
        /** Every pending item has a record. */
        COMPLETED,
        /** {@link #stop()} was called; items not yet judged are left for --resume. */
        STOPPED,
        /** The output could not be written; see the writer's failure. */
        OUTPUT_FAILED,
        /**
         * The judge itself broke (an unexpected exception, e.g. its engine stopped): the run stopped
         * without writing records for the items it hit, so --resume judges them again. See
         * {@link #judgeFailure()}.
         */
        JUDGE_FAILED
    }

    private final Judging<R> judging;
    private final RecordWriter writer;
    private final Progress progress;
    private final RunSummary summary;
    private final int maxInFlight;
    private volatile boolean stop;
    private volatile Throwable judgeFailure;

    /**
     * @param maxInFlight judgments submitted but not finished at most; a few times the judge's
     *                    parallel sequences keeps it busy without queueing the whole file
     */
    public JobRunner(Judging<R> judging, RecordWriter writer, Progress progress, RunSummary summary,
                       int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.judging = judging;
        this.writer = writer;
        this.progress = progress;
        this.summary = summary;
        this.maxInFlight = maxInFlight;
    }

    /** Number of items that {@link #run} will judge or report, given what is already done. */
    public static long pending(List<? extends InputItem<?>> items, Set<String> done) {
        return items.stream().filter(i -> !done.contains(i.resumeKey())).count();
    }

    /** What broke the judge when the outcome is {@link Outcome#JUDGE_FAILED}, else null. */
    public Throwable judgeFailure() {
        return judgeFailure;
    }

    /** Asks a running {@link #run} to submit nothing more and return once in-flight items finish. */
    public void stop() {
        stop = true;
    }

    /**
     * Judges the items whose keys are not in {@code done}, in input order, and waits for all of
     * them. Returns early when stopped or when the output fails.
     */
    public Outcome run(List<InputItem<R>> items, Set<String> done) throws InterruptedException {
        summary.total(items.size());
        Semaphore permits = new Semaphore(maxInFlight);
        Outcome outcome = Outcome.COMPLETED;
        for (InputItem<R> item : items) {
            if (done.contains(item.resumeKey())) {
                summary.skipped();
                continue;
            }
            if (stop) {
                outcome = judgeFailure != null ? Outcome.JUDGE_FAILED : Outcome.STOPPED;
                break;
            }
            if (writer.failure() != null) {
                outcome = Outcome.OUTPUT_FAILED;
                break;
            }
            if (!item.isOk()) {
                record(inputError(item), true);
                continue;
            }
            permits.acquire();
            CompletableFuture<ObjectNode> future;
            try {
                future = judging.judge(item.request());
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((verdict, failure) -> {
                try {
                    Throwable cause = failure == null ? null : JudgeFailures.unwrap(failure);
                    if (cause == null) {
                        record(judged(item, verdict), false);
                    } else if (JudgeFailures.isItemFailure(cause)) {
                        record(judgeError(item, cause), false);
                    } else {
                        // The judge broke, not this item: leave the item without record for --resume.
                        if (judgeFailure == null) {
                            judgeFailure = cause;
                        }
                        stop = true;
                    }
                } finally {
                    permits.release();
                }
            });
        }
        permits.acquire(maxInFlight);
        permits.release(maxInFlight);
        if (judgeFailure != null) {
            return Outcome.JUDGE_FAILED;
        }
        if (outcome == Outcome.COMPLETED && writer.failure() != null) {
            outcome = Outcome.OUTPUT_FAILED;
        }
        return outcome;
    }

    private void record(ObjectNode record, boolean inputError) {
        writer.write(record);
        summary.recorded(record, inputError);
        progress.step(OutputKeys.isError(record));
    }

    private static ObjectNode judged(InputItem<?> item, ObjectNode verdict) {
        ObjectNode record = JSON.createObjectNode();
        record.put(OutputKeys.ID, item.id());
        verdict.remove(OutputKeys.ID);
        record.setAll(verdict);
        return record;
    }

    private static ObjectNode inputError(InputItem<?> item) {
        ObjectNode record = JSON.createObjectNode();
        if (item.id() == null) {
            record.putNull(OutputKeys.ID);
        } else {
            record.put(OutputKeys.ID, item.id());
        }
        OutputKeys.putLocation(record, item.where());
        record.put(OutputKeys.ERROR, item.error());
        record.put("error_type", "input");
        if (item.duplicate()) {
            record.put(OutputKeys.DUPLICATE, true);
        }
        return record;
    }

    private static ObjectNode judgeError(InputItem<?> item, Throwable cause) {
        ObjectNode record = JSON.createObjectNode();
        record.put(OutputKeys.ID, item.id());
        OutputKeys.putLocation(record, item.where());
        record.put(OutputKeys.ERROR, JudgeFailures.message(cause));
        record.put("error_type", JudgeFailures.errorType(cause));
        return record;
    }
}
