package dev.gavel.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.GavelException;
import dev.gavel.Judge;
import dev.gavel.JudgeOptions;
import dev.gavel.ModelLoadException;
import dev.gavel.batch.BatchJob;
import dev.gavel.batch.BatchRunner;
import dev.gavel.batch.InputItem;
import dev.gavel.batch.OutputException;
import dev.gavel.data.DatasetException;
import dev.gavel.engine.EngineMetrics;
import dev.gavel.gguf.GgufValidator;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What grade, compare and steps share: read the input, check the model file, run a
 * {@link BatchJob} against a {@link Judge}, and turn each kind of failure into its exit code and
 * a message that says what to do.
 */
final class BatchCommands {
    private BatchCommands() {
    }

    /** Reads the input file into items. */
    @FunctionalInterface
    interface Loader<R> {
        List<InputItem<R>> load() throws DatasetException, IOException;
    }

    /**
     * Runs one batch command.
     *
     * @param engine  the judge options from the command's flags (may throw IllegalArgumentException)
     * @param judging the judge call for one request, mapped to the record's verdict fields
     */
    static <R> int run(CommandLine.Model.CommandSpec spec, String task, RunFlags run,
                       Supplier<JudgeOptions.Builder> engine,
                       Loader<R> loader, BiFunction<Judge, R, CompletableFuture<ObjectNode>> judging) {
        PrintWriter err = spec.commandLine().getErr();
        String prefix = "gavel " + task + ": ";
        JudgeOptions options;
        BatchJob.Options batch;
        try {
            options = engine.get().build();
            batch = run.toOptions(options.parallel());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<InputItem<R>> items;
        try {
            items = loader.load();
        } catch (DatasetException | IOException e) {
            return fail(err, prefix + "cannot read the input: " + e.getMessage()
                    + "\n  what to do: check --input names a JSON Lines file or a JSON array of objects", ExitCodes.INPUT);
        } catch (IllegalArgumentException e) {
            return fail(err, prefix + e.getMessage(), ExitCodes.INPUT);
        }
        long bad = items.stream().filter(i -> !i.isOk()).count();
        err.printf("%s%d items in %s%s%n", prefix, items.size(), run.input,
                bad > 0 ? ", " + bad + " of them bad (they get error records)" : "");
        err.flush();
        try {
            GgufValidator.validate(run.model);
        } catch (ModelLoadException e) {
            return fail(err, prefix + ModelProblems.explain(e), ExitCodes.MODEL);
        }
        BatchJob job = new BatchJob(task, batch, err, System.err);
        BatchJob.Result result;
        try {
            result = job.run(items, () -> session(Judge.open(run.model, options), judging));
        } catch (OutputException e) {
            return fail(err, prefix + e.getMessage(), ExitCodes.OUTPUT);
        } catch (ModelLoadException e) {
            return fail(err, prefix + ModelProblems.explain(e), ExitCodes.MODEL);
        } catch (IllegalArgumentException e) {
            // Judge.open refuses an unknown --format or --chat-template this way.
            return fail(err, prefix + e.getMessage(), ExitCodes.USAGE);
        } catch (GavelException | RuntimeException e) {
            return fail(err, prefix + "cannot run the model " + run.model + ": " + e.getMessage()
                    + "\n  what to do: check the file with 'gavel inspect', and --context/--gpu-layers", ExitCodes.MODEL);
        }
        if (result.judgeFailure() != null) {
            return fail(err, prefix + "the judge failed and the run stopped: " + result.judgeFailure()
                    + "\n  what to do: rerun the same command with --resume to judge the remaining items"
                    + " (records already written are kept); if it fails again, try a smaller --parallel or"
                    + " --context, or --no-prefix-cache", ExitCodes.MODEL);
        }
        return exitCode(result.outcome(), result.summary().errorsInOutput());
    }

    private static <R> BatchJob.Session<R> session(Judge judge,
                                                   BiFunction<Judge, R, CompletableFuture<ObjectNode>> judging) {
        return new BatchJob.Session<>() {
            @Override
            public CompletableFuture<ObjectNode> judge(R request) {
                return judging.apply(judge, request);
            }

            @Override
            public long tokens() {
                EngineMetrics m = judge.metrics();
                return m.promptTokensComputed() + m.generatedTokens();
            }

            @Override
            public void close() {
                judge.close();
            }
        };
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println(message);
        err.flush();
        return code;
    }

    /** The exit code of a finished run; {@code errors} counts every error record in the output. */
    static int exitCode(BatchRunner.Outcome outcome, long errors) {
        return switch (outcome) {
            case STOPPED -> ExitCodes.INTERRUPTED;
            case JUDGE_FAILED -> ExitCodes.MODEL;
            case OUTPUT_FAILED -> ExitCodes.OUTPUT;
            case COMPLETED -> errors > 0 ? ExitCodes.RECORDS_FAILED : ExitCodes.OK;
        };
    }
}
