package dev.gavel.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.EngineSettings;
import dev.gavel.GavelException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One batch run from start to end: prepares the output (fresh, replaced or resumed), opens the
 * judge, runs every pending item through it with progress, and prints the summary. The order is
 * chosen so that cheap checks fail first: the input was read by the caller, the output is opened
 * before the (slow) model load. On Ctrl-C the records already finished are written, the summary
 * says how to continue, and the JVM exits with 130.
 */
public final class JsonlJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param output         the JSON Lines file to write
     * @param mode           what to do when it already exists
     * @param retryErrors    on resume, judge again the items that have an error record
     * @param syncEachRecord force each record to disk (survives power loss, slower)
     * @param showProgress   draw a progress bar on stderr
     * @param summaryJson    also write the summary as JSON here, or null
     * @param acceptOtherJudge on resume, append even when the output's records were written by
     *                       another judge configuration (otherwise refused)
     */
    public record Options(Path output, ResumableOutput.Mode mode, boolean retryErrors, boolean syncEachRecord,
                          boolean showProgress, Path summaryJson, boolean acceptOtherJudge) {
        public Options {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** An open judge, seen from a batch run. */
    public interface Session<R> extends AutoCloseable {
        /** Judges one request; the value holds the verdict fields of its output record. */
        CompletableFuture<ObjectNode> judge(R request);

        /** Tokens the model processed so far (prompt and generated), for the summary's tokens/s. */
        long tokens();

        /** The judge configuration every record of this session will carry. */
        JudgeConfiguration configuration();

        /** The engine settings the judge runs with (parallel sequences, threads, GPU offload). */
        EngineSettings engineSettings();

        @Override
        void close();
    }

    /** Opens the judge; only called when there is something to judge. */
    @FunctionalInterface
    public interface Opener<R> {
        Session<R> open() throws GavelException;
    }

    /**
     * How the run ended.
     *
     * @param outcome      completed, stopped, output failed or judge failed
     * @param summary      the counts
     * @param judgeFailure what broke the judge when the outcome is JUDGE_FAILED, else null
     */
    public record Result(JobRunner.Outcome outcome, RunSummary summary, Throwable judgeFailure) {
    }

    private final String task;
    private final Options options;
    private final PrintWriter err;
    private final PrintStream progressStream;
    /** Set by whichever of the normal end and the interrupt hook prints the summary first. */
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param task           "grade", "compare" or "steps"
     * @param err            where the summary and notes go
     * @param progressStream where the progress bar is drawn (stderr)
     */
    public JsonlJob(String task, Options options, PrintWriter err, PrintStream progressStream) {
        this.task = task;
        this.options = options;
        this.err = err;
        this.progressStream = progressStream;
    }

    /**
     * Runs the job.
     *
     * @throws OutputException     when the output cannot be opened, resumed or written
     * @throws GavelException      from the opener when the model cannot be loaded
     */
    public <R> Result run(List<InputItem<R>> items, Opener<R> opener) throws GavelException {
        ResumableOutput.Opened opened = ResumableOutput.open(options.output(), options.mode(),
                options.retryErrors(), options.syncEachRecord());
        RecordWriter writer = opened.writer();
        ResumableOutput.State state = opened.state();
        RunSummary summary = new RunSummary(task);
        summary.keptErrors(state.errorRecords());
        try {
            describeResume(state);
            long pending = JobRunner.pending(items, state.done());
            boolean needsJudge = items.stream().anyMatch(i -> i.isOk() && !state.done().contains(i.resumeKey()));
            if (!needsJudge) {
                // Only bad records (or nothing) left: write their error records without loading the model.
                JobRunner<R> runner = new JobRunner<>(r -> CompletableFuture.failedFuture(
                        new IllegalStateException("no judge")), writer, Progress.none(), summary, 1);
                return finish(runUntilDone(runner, items, state, writer, summary), summary, writer, null);
            }
            try (Session<R> session = opener.open();
                 Progress progress = options.showProgress() ? Progress.console(progressStream, task, pending)
                         : Progress.none()) {
                requireSameJudge(state, session.configuration());
                EngineSettings settings = session.engineSettings();
                summary.engine(describe(settings));
                // a few judgments per sequence queued, so a finished one is replaced at once
                JobRunner<R> runner = new JobRunner<>(session::judge, writer, progress, summary,
                        Math.max(4, settings.parallel() * 4));
                JobRunner.Outcome outcome;
                try (MachineLoad.Watch watch = MachineLoad.watch(settings, this::note)) {
                    outcome = runUntilDone(runner, items, state, writer, summary);
                    summary.tokens(session.tokens());
                    progress.close();
                    watch.finish().ifPresent(summary::warning);
                }
                return finish(outcome, summary, writer, runner.judgeFailure());
            }
        } finally {
            writer.close();
        }
    }

    /**
     * Refuses to append to records written by another judge configuration, unless accepted: a
     * file of judgments must say which judge made them, and one model's scores resumed with
     * another's would read as one run.
     */
    private void requireSameJudge(ResumableOutput.State state, JudgeConfiguration now) throws OutputException {
        if (options.acceptOtherJudge()) {
            return;
        }
        for (var e : state.judges().entrySet().stream().sorted(java.util.Map.Entry.comparingByValue()).toList()) {
            List<String> differences = e.getKey().differences(now, "in the file (line " + e.getValue() + ")",
                    "in this run");
            if (!differences.isEmpty()) {
                throw new OutputException("cannot resume " + options.output() + ": its records were written by"
                        + " another judge configuration:\n    " + String.join("\n    ", differences)
                        + "\n  what to do: resume with the model and flags of that run, write to another --output,"
                        + " or pass --accept-other-judge to append anyway (the file then holds records of two judges)");
            }
        }
    }

    private <R> JobRunner.Outcome runUntilDone(JobRunner<R> runner, List<InputItem<R>> items,
                                                 ResumableOutput.State state, RecordWriter writer,
                                                 RunSummary summary) {
        Thread hook = new Thread(() -> onInterrupt(runner, writer, summary), "gavel-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run(items, state.done());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobRunner.Outcome.STOPPED;
        } finally {
            removeHook(hook);
        }
    }

    private Result finish(JobRunner.Outcome outcome, RunSummary summary, RecordWriter writer,
                          Throwable judgeFailure) throws OutputException {
        writer.close();
        summary.finish(outcome != JobRunner.Outcome.COMPLETED);
        if (!reported.compareAndSet(false, true)) {
            return new Result(outcome, summary, judgeFailure); // the interrupt hook already reported
        }
        err.print(summary.render());
        if (summary.errorsInOutput() > 0) {
            err.println("  error records name the input line and the problem; fix those records and rerun with"
                    + " --resume --retry-errors to judge them again");
        }
        err.flush();
        if (options.summaryJson() != null) {
            try {
                Files.writeString(options.summaryJson(), JSON.writeValueAsString(summary.toJson()) + "\n");
            } catch (IOException e) {
                throw new OutputException("cannot write the summary to " + options.summaryJson() + ": "
                        + e.getMessage(), e);
            }
        }
        return new Result(outcome, summary, judgeFailure);
    }

    private static String describe(EngineSettings s) {
        return "parallel " + s.parallel() + ", " + s.threads() + " thread" + (s.threads() == 1 ? "" : "s")
                + ", batch " + s.batchSize() + ", flash attention " + (s.flashAttention() ? "on" : "off")
                + (s.gpuOffload() ? ", layers on the GPU" : ", on the CPU")
                + (s.engines() > 1 ? ", " + s.engines() + " engines side by side" : "");
    }

    /** A line for the user while the run goes on. */
    private void note(String line) {
        synchronized (err) {
            err.println("gavel " + task + ": warning: " + line);
            err.flush();
        }
    }

    private void describeResume(ResumableOutput.State state) {
        if (options.mode() != ResumableOutput.Mode.RESUME) {
            return;
        }
        err.printf("resuming %s: %d records kept%s%s%s%n", options.output(), state.records(),
                state.errorRecords() > 0 ? " (" + state.errorRecords() + " errors, kept; --retry-errors"
                        + " judges them again)" : "",
                state.droppedErrors() > 0 ? ", " + state.droppedErrors() + " error records removed to retry" : "",
                state.truncatedBytes() > 0 ? ", repaired a half-written last line (" + state.truncatedBytes()
                        + " bytes cut)" : "");
        err.flush();
    }

    /** Ctrl-C or SIGTERM: keep what is finished, say how to go on. The JVM then exits (130/143). */
    private void onInterrupt(JobRunner<?> runner, RecordWriter writer, RunSummary summary) {
        runner.stop();
        try {
            writer.close();
        } catch (OutputException e) {
            err.println("gavel " + task + ": " + e.getMessage());
        }
        summary.finish(true);
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        err.println();
        err.print(summary.render());
        err.println("  interrupted: finished records are saved; rerun the same command with --resume to continue");
        err.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
