package dev.gavel.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.EngineMetrics;
import dev.gavel.EngineSettings;
import dev.gavel.GavelException;
import dev.gavel.InvalidOptionException;
import dev.gavel.JudgeTask;
import dev.gavel.ModelLoadException;
import dev.gavel.data.DatasetException;
import dev.gavel.gguf.GgufValidator;
import dev.gavel.jobs.InputItem;
import dev.gavel.jobs.JobRunner;
import dev.gavel.jobs.JsonlJob;
import dev.gavel.jobs.JudgeConfiguration;
import dev.gavel.jobs.OutputException;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * What grade, compare and steps share: read the input, check the model file, run a
 * {@link JsonlJob} against a {@link Judge}, and turn each kind of failure into its exit code and
 * a message that says what to do.
 */
final class JobCommands {
    private JobCommands() {
    }

    /** Reads the input file into items. */
    @FunctionalInterface
    interface Loader<R> {
        List<InputItem<R>> load() throws DatasetException, IOException, InputFileException;
    }

    /** A file other than --input that the loader needs (the --rubric file) cannot be read. */
    static final class InputFileException extends Exception {
        private final String advice;

        /**
         * @param message what is wrong, naming the flag and the file
         * @param advice  what to do
         */
        InputFileException(String message, String advice, Throwable cause) {
            super(message, cause);
            this.advice = advice;
        }
    }

    /**
     * Runs one batch command.
     *
     * @param task     what the command judges, for the flags that only apply to some tasks
     * @param flags    the command's model and engine flags
     * @param command  the command's own additions to the judge options
     * @param judging  the judge call for one request, mapped to the record's verdict fields
     */
    static <R> int run(CommandLine.Model.CommandSpec spec, JudgeTask task, RunFlags run, JudgeFlags flags,
                       UnaryOperator<JudgeOptions.Builder> command,
                       Loader<R> loader, BiFunction<Judge, R, CompletableFuture<ObjectNode>> judging) {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.name();
        String prefix = "gavel " + name + ": ";
        JudgeOptions options;
        JsonlJob.Options batch;
        try {
            options = command.apply(flags.toBuilder()).build();
            flags.requireApplicable(task, options);
            batch = run.toOptions();
        } catch (InvalidOptionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), JudgeFlags.inFlagTerms(e));
        } catch (FlagException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<InputItem<R>> items;
        try {
            items = loader.load();
        } catch (InputFileException e) {
            return fail(err, prefix + e.getMessage() + "\n  what to do: " + e.advice, ExitCodes.INPUT);
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
        JsonlJob job = new JsonlJob(name, batch, err, System.err);
        JsonlJob.Result result;
        try {
            result = job.run(items, () -> session(Judge.open(run.model, options), task, judging));
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

    private static <R> JsonlJob.Session<R> session(Judge judge, JudgeTask task,
                                                   BiFunction<Judge, R, CompletableFuture<ObjectNode>> judging) {
        return new JsonlJob.Session<>() {
            @Override
            public JudgeConfiguration configuration() {
                return JudgeConfiguration.of(judge.provenance(task), task != JudgeTask.PAIRWISE ? 0
                        : judge.options().pairwiseBothOrders() ? 2 : 1);
            }

            @Override
            public EngineSettings engineSettings() {
                return judge.engineSettings();
            }

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
    static int exitCode(JobRunner.Outcome outcome, long errors) {
        return switch (outcome) {
            case STOPPED -> ExitCodes.INTERRUPTED;
            case JUDGE_FAILED -> ExitCodes.MODEL;
            case OUTPUT_FAILED -> ExitCodes.OUTPUT;
            case COMPLETED -> errors > 0 ? ExitCodes.RECORDS_FAILED : ExitCodes.OK;
        };
    }
}
