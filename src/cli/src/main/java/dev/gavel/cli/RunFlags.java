package dev.gavel.cli;

import dev.gavel.jobs.JsonlJob;
import dev.gavel.jobs.ResumableOutput;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Input, output and run-control flags shared by grade, compare and steps. */
public final class RunFlags {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "The judge model (GGUF).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "IN",
            description = "Items to judge: JSON Lines or one JSON array.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.jsonl",
            description = "Judgments, one JSON object per line, written as each finishes.")
    Path output;

    @Option(names = "--resume", description = "Continue an interrupted run: keep OUT's records, skip their ids,"
            + " repair a half-written last line, append the rest.")
    boolean resume;

    @Option(names = "--retry-errors", description = "With --resume: judge again the items that have an error record.")
    boolean retryErrors;

    @Option(names = "--accept-other-judge", description = "With --resume: append even when OUT's records were"
            + " written by another judge configuration (model, format, template, mode or sampling); by default"
            + " that is refused, naming what differs.")
    boolean acceptOtherJudge;

    @Option(names = "--overwrite", description = "Replace OUT if it exists.")
    boolean overwrite;

    @Option(names = "--quiet", description = "No progress bar (it is only drawn when stderr is a terminal anyway).")
    boolean quiet;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the end-of-run summary as JSON.")
    Path summaryJson;

    @Option(names = "--sync", description = "Force every record to disk as it is written (survives power loss;"
            + " slower). Records always reach the OS at once, so a killed process loses nothing.")
    boolean sync;

    /** The batch options these flags ask for. */
    JsonlJob.Options toOptions() {
        if (resume && overwrite) {
            throw new FlagException("--resume and --overwrite contradict each other; pick one");
        }
        if (retryErrors && !resume) {
            throw new FlagException("--retry-errors only makes sense with --resume");
        }
        if (acceptOtherJudge && !resume) {
            throw new FlagException("--accept-other-judge only makes sense with --resume");
        }
        ResumableOutput.Mode mode = resume ? ResumableOutput.Mode.RESUME
                : overwrite ? ResumableOutput.Mode.OVERWRITE : ResumableOutput.Mode.NEW;
        boolean terminal = System.console() != null && System.console().isTerminal();
        return new JsonlJob.Options(output, mode, retryErrors, sync, terminal && !quiet, summaryJson,
                acceptOtherJudge);
    }
}
