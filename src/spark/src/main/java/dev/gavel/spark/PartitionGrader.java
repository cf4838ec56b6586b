package dev.gavel.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.jobs.InputItem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.io.Serial;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Grades one partition: every input row gives exactly one output row. Rows are submitted to the
 * executor's shared judge as they are read, up to a window of requests in flight, so the engine
 * batches the rows of this partition with each other and with those of the other tasks running in
 * the executor; results are emitted as they finish. A row that cannot be judged becomes an error
 * row; a judge that breaks fails the task (Spark retries it on a fresh judge), so a written
 * result never holds an error that a rerun would not repeat.
 */
final class PartitionGrader implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final GradingSpec spec;
    private final Broadcast<Map<String, Long>> duplicates;

    /** @param duplicates ids used by more than one row, each with the index of its first row */
    PartitionGrader(GradingSpec spec, Broadcast<Map<String, Long>> duplicates) {
        this.spec = spec;
        this.duplicates = duplicates;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Row, Long>> rows) {
        return new Rows(spec, duplicates.value(), rows, TaskContext.get());
    }

    /** A finished request: its item and either its verdict or its failure. */
    private record Finished(InputItem<?> item, long row, ObjectNode verdict, Throwable failure) {
    }

    private static final class Rows implements Iterator<Row> {
        private final GradingSpec spec;
        private final Map<String, Long> duplicates;
        private final Iterator<Tuple2<Row, Long>> input;
        private final TaskContext context;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        /** Filled by the judge's callback threads, drained by the task thread. */
        private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
        private int pending;
        private ExecutorJudges.Lease lease;
        private boolean cleanedUp;

        Rows(GradingSpec spec, Map<String, Long> duplicates, Iterator<Tuple2<Row, Long>> input, TaskContext context) {
            this.spec = spec;
            this.duplicates = duplicates;
            this.input = input;
            this.context = context;
            if (context != null) {
                // Runs on success, failure and kill alike: nothing stays submitted or leased.
                context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> cleanup());
            }
        }

        @Override
        public boolean hasNext() {
            while (true) {
                drainFinished();
                // Topped up on every call, not only when nothing is ready, so the judge never runs dry.
                submitMore();
                if (!ready.isEmpty()) {
                    return true;
                }
                if (pending == 0) {
                    cleanup();
                    return false;
                }
                awaitOne();
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        /** Reads input rows while fewer than the window are in flight; bad rows are answered at once. */
        private void submitMore() {
            while (pending < spec.maxInFlight() && ready.size() < spec.maxInFlight() && input.hasNext()) {
                Tuple2<Row, Long> next = input.next();
                long index = next._2();
                InputItem<?> item = spec.item(next._1(), index);
                Long first = item.id() == null ? null : duplicates.get(item.id());
                if (first != null && first != index) {
                    emit(Records.inputError(item.id(), index, "duplicate id '" + item.id() + "' (first used at "
                            + Records.ROW + " " + first + "); ids must be unique so that every item has exactly one"
                            + " result row", true));
                } else if (!item.isOk()) {
                    emit(Records.inputError(item.id(), index, item.error(), false));
                } else {
                    submit(item, index);
                }
            }
        }

        private void submit(InputItem<?> item, long index) {
            CompletableFuture<ObjectNode> future;
            try {
                future = spec.judge(lease().judge(), item.request());
            } catch (GavelSparkException e) {
                throw e;
            } catch (RuntimeException e) {
                // A judge closed under the task throws at once; classify it like a failed future.
                future = CompletableFuture.failedFuture(e);
            }
            pending++;
            inFlight.add(future);
            CompletableFuture<ObjectNode> f = future;
            future.whenComplete((verdict, failure) -> {
                inFlight.remove(f);
                finished.add(new Finished(item, index, verdict, failure));
            });
        }

        private ExecutorJudges.Lease lease() {
            if (lease == null) {
                JudgeKey key = new JudgeKey(spec.model().sha256(), spec.options(),
                        GpuAssignment.device(spec.options(), context));
                lease = ExecutorJudges.get().acquire(key, () -> ModelFiles.onExecutor(spec.model()));
            }
            return lease;
        }

        private void drainFinished() {
            Finished f;
            while ((f = finished.poll()) != null) {
                accept(f);
            }
        }

        private void awaitOne() {
            try {
                Finished f = null;
                while (f == null) {
                    if (context != null) {
                        context.killTaskIfInterrupted();
                    }
                    f = finished.poll(100, TimeUnit.MILLISECONDS);
                }
                accept(f);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (context != null) {
                    context.killTaskIfInterrupted();
                }
                throw new IllegalStateException("interrupted while waiting for the judge", e);
            }
        }

        private void accept(Finished f) {
            pending--;
            String id = f.item().id();
            if (f.failure() == null) {
                emit(Records.judged(id, f.verdict()));
                return;
            }
            Throwable cause = unwrap(f.failure());
            if (Records.isItemFailure(cause)) {
                emit(Records.judgeError(id, f.row(), cause));
                return;
            }
            lease.invalidate(cause);
            throw new GavelSparkException(GavelSparkException.Kind.JUDGE_FAILED, "the judge failed on " + Records.ROW
                    + " " + f.row() + " (id " + id + "); the task is retried on a fresh judge: " + cause, cause);
        }

        private void emit(ObjectNode record) {
            ready.add(RowJson.toRow(record, spec.outputSchema()));
        }

        private static Throwable unwrap(Throwable t) {
            Throwable cause = t;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        }

        private void cleanup() {
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            inFlight.forEach(f -> f.cancel(false));
            if (lease != null) {
                lease.close();
            }
        }
    }
}
