package dev.gavel.cli;

import dev.gavel.JudgeTask;
import dev.gavel.data.DatasetPreset;
import dev.gavel.jobs.InputReader;
import dev.gavel.jobs.JudgmentRecords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/** {@code gavel steps}: finds the first wrong step of every step-by-step solution in a file. */
@Command(name = "steps",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Check step-by-step solutions (ProcessBench protocol) and write one JSON record per item:"
                + " id, step (index of the first wrong step, -1 when all are right), distribution, feedback, ...",
                "Interrupt at any time and continue with --resume."},
        footerHeading = "%nInput presets:%n",
        footer = {"  processbench  {\"id\", \"problem\", \"steps\": [\"...\", ...]} (default)",
                "  generic       {\"id\", \"instruction\", \"steps\"}; override with --*-field flags"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_RECORDS_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INPUT, ExitCodes.HELP_MODEL, ExitCodes.HELP_OUTPUT, ExitCodes.HELP_INTERRUPTED})
public final class StepsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunFlags run;

    @Option(names = "--preset", defaultValue = "processbench", paramLabel = "NAME",
            description = "Input layout: processbench (default) or generic.")
    String preset;

    @Option(names = "--step-format", paramLabel = "ID|FILE",
            description = "Prompt format for step checking (default processbench-critique).")
    String stepFormat;

    @Mixin
    FieldFlags fields;

    @Mixin
    FieldFlags.Steps taskFields;

    @Mixin
    JudgeFlags judgeFlags;

    @Override
    public Integer call() {
        DatasetPreset p = GradeCommand.preset(spec, preset, JudgeTask.STEPS);
        InputReader reader = new InputReader(taskFields.apply(fields.apply(p.fields())));
        return JobCommands.run(spec, JudgeTask.STEPS, run, judgeFlags,
                b -> stepFormat == null ? b : b.stepFormat(stepFormat), () -> reader.steps(run.input),
                (judge, request) -> judge.judgeStepsAsync(request).thenApply(JudgmentRecords::steps));
    }
}
