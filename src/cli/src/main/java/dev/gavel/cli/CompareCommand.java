package dev.gavel.cli;

import dev.gavel.JudgeTask;
import dev.gavel.data.DatasetPreset;
import dev.gavel.data.InputFields;
import dev.gavel.jobs.InputReader;
import dev.gavel.jobs.JudgmentRecords;
import dev.gavel.jobs.ShownPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/** {@code gavel compare}: picks the better of two responses for every item of a file. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Compare two responses per item (pairwise) and write one JSON record per item:"
                + " id, winner (A, B or tie), probability_a, consistent, feedback, model_sha256, ...",
                "Both orders are judged by default (position-bias check). Interrupt at any time and continue"
                        + " with --resume."},
        footerHeading = "%nInput presets:%n",
        footer = {"  llmbar   {\"input\", \"output_1\", \"output_2\"}; ids: 0-based record index",
                "  pandalm  {\"idx\", \"instruction\", \"input\", \"response1\", \"response2\"}",
                "  judgebench  {\"pair_id\", \"question\", \"response_A\", \"response_B\"}",
                "  autoj    {\"prompt\", \"response 1\", \"response 2\"}; ids: 0-based record index",
                "  rewardbench  {\"id\", \"prompt\", \"chosen\", \"rejected\"}: shown in a seeded random",
                "           order; each record says where the chosen one was (\"chosen\": \"A\"|\"B\")",
                "  generic  {\"id\", \"instruction\", \"input\", \"response_a\", \"response_b\", \"criterion\"}",
                "  Override any field with the --*-field flags. See docs/cli.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_RECORDS_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INPUT, ExitCodes.HELP_MODEL, ExitCodes.HELP_OUTPUT, ExitCodes.HELP_INTERRUPTED})
public final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunFlags run;

    @Option(names = "--preset", defaultValue = "generic", paramLabel = "NAME",
            description = "Input layout: llmbar, pandalm, judgebench, autoj, rewardbench or generic (default).")
    String preset;

    @Option(names = "--criterion", paramLabel = "TEXT", description = "What 'better' means, for records without"
            + " a criterion field (default: helpful, accurate, honest and precise instruction following).")
    String criterion;

    @Option(names = "--one-order", description = "Judge only the given order (A, B): half the cost, no"
            + " position-bias check.")
    boolean oneOrder;

    @Option(names = "--allow-ties", description = "Allow 'tie' when the orders disagree or the preference is"
            + " within noise.")
    boolean allowTies;

    @Mixin
    FieldFlags fields;

    @Mixin
    FieldFlags.Compare taskFields;

    @Mixin
    ChosenRejectedFlags chosenRejected;

    @Mixin
    JudgeFlags judgeFlags;

    @Override
    public Integer call() {
        DatasetPreset p = GradeCommand.preset(spec, preset, JudgeTask.PAIRWISE);
        InputFields layout = taskFields.apply(fields.apply(p.fields()));
        if (p == DatasetPreset.REWARDBENCH || chosenRejected.anyGiven()) {
            return JobCommands.run(spec, JudgeTask.PAIRWISE, run, judgeFlags,
                    b -> b.pairwiseBothOrders(!oneOrder).allowTies(allowTies),
                    () -> ShownPairs.read(run.input, layout, chosenRejected.chosenField(),
                            chosenRejected.rejectedField(), criterion, chosenRejected.seed()),
                    (judge, pair) -> judge.compareAsync(pair.request())
                            .thenApply(j -> pair.record(JudgmentRecords.pairwise(j))));
        }
        InputReader reader = new InputReader(layout);
        return JobCommands.run(spec, JudgeTask.PAIRWISE, run, judgeFlags,
                b -> b.pairwiseBothOrders(!oneOrder).allowTies(allowTies),
                () -> reader.pairwise(run.input, criterion),
                (judge, request) -> judge.compareAsync(request).thenApply(JudgmentRecords::pairwise));
    }
}
