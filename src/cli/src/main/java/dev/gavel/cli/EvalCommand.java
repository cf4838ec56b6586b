package dev.gavel.cli;

import dev.gavel.InvalidOptionException;
import dev.gavel.JudgeTask;
import dev.gavel.ModelLoadException;
import dev.gavel.Rubric;
import dev.gavel.data.DatasetException;
import dev.gavel.data.DatasetPreset;
import dev.gavel.data.LabelledDataset;
import dev.gavel.eval.Bootstrap;
import dev.gavel.eval.ConsoleSummary;
import dev.gavel.eval.DataFiles;
import dev.gavel.eval.EvalReport;
import dev.gavel.eval.Evaluator;
import dev.gavel.eval.FilePredictions;
import dev.gavel.eval.JsonReport;
import dev.gavel.eval.JudgePredictions;
import dev.gavel.eval.LabelledPresets;
import dev.gavel.eval.PredictionSource;
import dev.gavel.eval.ReportWriter;
import dev.gavel.jobs.InputReader;
import dev.gavel.jobs.RubricJson;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gavel eval}: scores a judge's predictions against a benchmark's reference labels. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = "Measure how far a judge agrees with a benchmark's reference labels.",
        footerHeading = "%nPredictions file format:%n",
        footer = {"JSON Lines, one object per judged item:",
                "  {\"id\": \"17\", \"winner\": 1}         pairwise: 1, 2, 0/\"tie\" (also \"A\"/\"B\")",
                "  {\"id\": \"17\", \"winner\": 2, \"swapped\": true}",
                "                                    responses shown reversed; winner",
                "                                    still names the dataset's response",
                "  {\"id\": \"gsm8k-3\", \"step\": 2}      first wrong step, -1 for none",
                "  {\"id\": \"41\", \"score\": 4}          direct-assessment score",
                "Optional: \"probs\": {label: p} (calibration), \"unparsed\": true.",
                "Ids: PandaLM idx, ProcessBench id, JudgeBench pair_id, RewardBench id;",
                "LLMBar, Prometheus and Auto-J have no id field, so there the id is the",
                "0-based record index. Preset pandalm also reads PandaLM's own prediction",
                "files (idx + <judge>_result). Chosen/rejected data (rewardbench) also takes",
                "\"winner\": \"chosen\"/\"rejected\", and gavel compare's \"chosen\": \"A\"/\"B\".",
                "",
                "Any labelled dataset: --preset generic with the --*-field flags and",
                "--label-meaning, e.g. --label-meaning a>b --id-field pair_id. See docs/evaluation.md."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:evaluation done", "1:report could not be written",
                "2:usage error", "3:input file problem (missing, unreadable, no matching ids)",
                "4:the judge model cannot be loaded or failed"})
public final class EvalCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int OUTPUT_FAILED = 1;
    static final int INPUT_PROBLEM = 3;
    static final int MODEL_PROBLEM = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", required = true, converter = PresetConverter.class,
            completionCandidates = PresetNames.class, description = "Benchmark: ${COMPLETION-CANDIDATES}.")
    DatasetPreset preset;

    /** Accepts preset names in any case ("pandalm", "PandaLM"). */
    static final class PresetConverter implements CommandLine.ITypeConverter<DatasetPreset> {
        @Override
        public DatasetPreset convert(String value) {
            for (DatasetPreset p : DatasetPreset.values()) {
                if (p.id().equalsIgnoreCase(value.strip())) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException("unknown preset '" + value + "'; expected one of "
                    + String.join(", ", new PresetNames()));
        }
    }

    /** Preset ids for help and completion. */
    static final class PresetNames extends java.util.ArrayList<String> {
        PresetNames() {
            super(java.util.Arrays.stream(DatasetPreset.values()).map(DatasetPreset::id).toList());
        }
    }

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Dataset file; a bare name is also looked up in $GAVEL_SHARED/data/dev.")
    Path data;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--predictions", paramLabel = "FILE", description = "Predictions file to score.")
        Path predictions;

        @Option(names = "--model", paramLabel = "M.gguf", description = "Judge model to run over the dataset.")
        Path model;
    }

    @CommandLine.Mixin
    JudgeFlags judgeFlags;

    @CommandLine.Mixin
    LabelFlags labels;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "Write report.json, report.md and PNG plots here.")
    Path out;

    @Option(names = "--resamples", defaultValue = "1000", description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--bootstrap-seed", defaultValue = "42", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
    long seed;

    private static Rubric readRubric(Path file) {
        try {
            return RubricJson.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --rubric " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The judge options of an eval --model run; a bad or inapplicable judge flag is a usage error
     * in the flags' own names. With --predictions no judge runs, so judge flags are refused there.
     */
    private JudgeOptions judgeOptions() {
        try {
            JudgeOptions options = judgeFlags.toBuilder().build();
            judgeFlags.requireApplicable(switch (preset) {
                case PROMETHEUS -> JudgeTask.ABSOLUTE;
                case PANDALM, LLMBAR, JUDGEBENCH, AUTOJ, REWARDBENCH -> JudgeTask.PAIRWISE;
                case PROCESSBENCH -> JudgeTask.STEPS;
                case GENERIC -> labels.layout(preset).pairwise() ? JudgeTask.PAIRWISE : JudgeTask.ABSOLUTE;
            }, options);
            return options;
        } catch (InvalidOptionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), JudgeFlags.inFlagTerms(e));
        } catch (FlagException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void refuseJudgeFlagsWithoutAModel() {
        var judgeOptions = spec.mixins().get("judgeFlags").options();
        List<String> given = spec.commandLine().getParseResult().matchedOptions().stream()
                .filter(judgeOptions::contains).map(CommandLine.Model.OptionSpec::longestName).toList();
        if (!given.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", given)
                    + (given.size() == 1 ? " applies" : " apply") + " only with --model: with --predictions eval reads"
                    + " verdicts and runs no judge");
        }
    }

    @Override
    public Integer call() {
        if (source.predictions != null) {
            refuseJudgeFlagsWithoutAModel();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (resamples < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resamples must be at least 1");
        }
        JudgeOptions options = source.model == null ? null : judgeOptions();
        EvalReport report;
        Judge judge = null;
        try {
            boolean labelled = LabelledPresets.isLabelled(preset);
            if (!labelled && labels.anyGiven()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "preset " + preset.id()
                        + " has its own loader; the field and label flags apply to generic, judgebench, autoj and rewardbench");
            }
            LabelledDataset layout = labelled ? labels.layout(preset) : null;
            PredictionSource predictions;
            if (source.predictions != null) {
                predictions = new FilePredictions(DataFiles.resolve(source.predictions));
            } else {
                Rubric rubric = labels.rubric == null ? null : readRubric(labels.rubric);
                judge = Judge.open(source.model, options);
                predictions = new JudgePredictions(judge, InputReader.DEFAULT_CRITERION, rubric);
            }
            Evaluator evaluator = new Evaluator(new Bootstrap(resamples, 0.95, seed), Clock.systemUTC());
            report = labelled ? evaluator.evaluate(preset, layout, DataFiles.resolve(data), predictions)
                    : evaluator.evaluate(preset, DataFiles.resolve(data), predictions);
        } catch (DatasetException e) {
            stderr.println("gavel eval: " + e.getMessage());
            stderr.flush();
            return INPUT_PROBLEM;
        } catch (ModelLoadException e) {
            stderr.println("gavel eval: " + ModelProblems.explain(e));
            stderr.flush();
            return MODEL_PROBLEM;
        } catch (IllegalArgumentException | IllegalStateException e) {
            stderr.println("gavel eval: " + e.getMessage());
            stderr.flush();
            return judge == null ? 2 : MODEL_PROBLEM;
        } finally {
            if (judge != null) {
                judge.close();
            }
        }
        stdout.print(json ? JsonReport.render(report) + System.lineSeparator() : ConsoleSummary.render(report));
        stdout.flush();
        if (out != null) {
            try {
                ReportWriter.write(report, out);
            } catch (IOException e) {
                stderr.println("gavel eval: cannot write report to " + out + ": " + e.getMessage());
                stderr.flush();
                return OUTPUT_FAILED;
            }
        }
        return OK;
    }
}
