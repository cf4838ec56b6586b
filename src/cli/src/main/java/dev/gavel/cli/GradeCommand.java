package dev.gavel.cli;

import dev.gavel.JudgeTask;
import dev.gavel.Rubric;
import dev.gavel.data.DatasetPreset;
import dev.gavel.jobs.InputReader;
import dev.gavel.jobs.JudgmentRecords;
import dev.gavel.jobs.RubricJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gavel grade}: grades every response of a file on a rubric's scale. */
@Command(name = "grade",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Grade each item of a file on a rubric's scale (absolute grading) and write one JSON"
                + " record per item: id, score, distribution, expected_score, feedback, model_sha256, ...",
                "Records are written as they finish; interrupt at any time and continue with --resume."},
        footerHeading = "%nInput (--preset prometheus, the default):%n",
        footer = {"  prometheus-eval benchmark files (the full prompt in 'instruction'), or records like",
                "  {\"id\":\"q1\",\"instruction\":\"...\",\"response\":\"...\",\"reference_answer\":\"...\",",
                "   \"rubric\":{\"criteria\":\"...\",\"score1_description\":\"...\",...,\"score5_description\":\"...\"}}",
                "  The rubric may also come from --rubric FILE.json for all records. See docs/cli.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_RECORDS_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INPUT_OR_RUBRIC, ExitCodes.HELP_MODEL, ExitCodes.HELP_OUTPUT, ExitCodes.HELP_INTERRUPTED})
public final class GradeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunFlags run;

    @Option(names = "--preset", defaultValue = "prometheus", paramLabel = "NAME",
            description = "Input layout: prometheus (default) or generic.")
    String preset;

    @Option(names = "--rubric", paramLabel = "FILE.json", description = "One rubric for every record (overrides"
            + " the records' own): {\"criteria\":..., \"score1_description\":..., ...}.")
    Path rubric;

    @Mixin
    FieldFlags fields;

    @Mixin
    FieldFlags.Grade taskFields;

    @Mixin
    JudgeFlags judgeFlags;

    @Override
    public Integer call() {
        DatasetPreset p = preset(spec, preset, JudgeTask.ABSOLUTE);
        InputReader reader = new InputReader(taskFields.apply(fields.apply(p.fields())));
        return JobCommands.run(spec, JudgeTask.ABSOLUTE, run, judgeFlags, b -> b,
                () -> reader.absolute(run.input, rubric == null ? null : readRubric(rubric)),
                (judge, request) -> judge.gradeAsync(request).thenApply(JudgmentRecords::absolute));
    }

    private static Rubric readRubric(Path file) throws JobCommands.InputFileException {
        try {
            return RubricJson.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new JobCommands.InputFileException("cannot read the --rubric file " + file + ": " + e.getMessage(),
                    "check --rubric names a rubric JSON file: {\"criteria\": ..., \"score1_description\": ...,"
                            + " ...} (docs/examples/rubric.json)", e);
        }
    }

    /** The named preset for a task; an unknown name is a usage error listing the valid ones. */
    static DatasetPreset preset(CommandLine.Model.CommandSpec spec, String name, JudgeTask task) {
        try {
            return DatasetPreset.named(name, task);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
