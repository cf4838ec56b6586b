package dev.gavel.data;

import dev.gavel.JudgeTask;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The datasets Gavel knows: for each, what its records are judged for, the field names a job reads
 * them by (grade, compare, steps, the Spark job), and the verdict its predictions carry when
 * {@code gavel eval} scores them. One concept for judging and for evaluating: field flags on the
 * command line override the defaults, so {@link #GENERIC} plus flags reads any layout.
 */
public enum DatasetPreset {
    /**
     * Prometheus absolute grading: prometheus-eval's benchmark files, whose {@code instruction}
     * holds the whole filled-in prompt (split back into its parts), or plain records with
     * {@code id, instruction, response, reference_answer} and a rubric. Records without an id
     * (the benchmark files have none) are numbered by 0-based record index, as {@code gavel eval}
     * expects. Eval: 1-5 scores, correlation with the mean GPT-4 score.
     */
    PROMETHEUS(JudgeTask.ABSOLUTE, InputFields.defaults()),
    /**
     * LLMBar pairwise files: {@code input, output_1, output_2}; no ids, so the 0-based record index.
     * Eval: pairwise without ties, accuracy per response order and positional consistency.
     */
    LLMBAR(JudgeTask.PAIRWISE, InputFields.defaults().withInstruction("input").withInput("")
            .withResponseA("output_1").withResponseB("output_2")),
    /**
     * PandaLM test set: {@code idx, instruction, input, response1, response2}. Eval: 3-way (tie
     * allowed), accuracy and macro P/R/F1 over 0/1/2.
     */
    PANDALM(JudgeTask.PAIRWISE, InputFields.defaults().withId("idx").withResponseA("response1").withResponseB("response2")),
    /**
     * ProcessBench: {@code id, problem, steps}; the judge names the first wrong step. Eval: F1 of
     * the accuracies on erroneous and on correct solutions.
     */
    PROCESSBENCH(JudgeTask.STEPS, InputFields.defaults().withInstruction("problem")),
    /**
     * JudgeBench: {@code pair_id, question, response_A, response_B} (label A>B/B>A). Eval: accuracy
     * as JudgeBench counts it, overall and per category.
     */
    JUDGEBENCH(JudgeTask.PAIRWISE, InputFields.defaults().withId("pair_id").withInstruction("question").withInput("")
            .withResponseA("response_A").withResponseB("response_B")),
    /**
     * Auto-J's pairwise test set: {@code prompt, response 1, response 2}; no ids, so the 0-based
     * record index. Eval: agreement with and without tie labels, per scenario group.
     */
    AUTOJ(JudgeTask.PAIRWISE, InputFields.defaults().withId("").withInstruction("prompt").withInput("")
            .withResponseA("response 1").withResponseB("response 2")),
    /**
     * RewardBench: {@code id, prompt, chosen, rejected}. The pair is shown in a seeded random order
     * ({@code dev.gavel.jobs.ShownPairs}), which each output record keeps. Eval: accuracy per
     * subset and RewardBench's section-weighted score.
     */
    REWARDBENCH(JudgeTask.PAIRWISE, InputFields.defaults().withInstruction("prompt").withInput("")),
    /**
     * Any file: the generic field names of {@link InputFields#defaults()}, usually overridden by
     * flags. Eval reads its labels through a label meaning ({@link LabelledDataset}).
     */
    GENERIC(null, InputFields.defaults());

    private final JudgeTask task;
    private final InputFields fields;

    DatasetPreset(JudgeTask task, InputFields fields) {
        this.task = task;
        this.fields = fields;
    }

    /** The lower-case name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the records are judged for; null for {@link #GENERIC}, which feeds every task. */
    public JudgeTask task() {
        return task;
    }

    /**
     * Which verdict field this dataset's prediction files carry; null for {@link #GENERIC}, whose
     * kind follows its label meaning.
     */
    public PredictionFile.Kind predictionKind() {
        if (task == null) {
            return null;
        }
        return switch (task) {
            case ABSOLUTE -> PredictionFile.Kind.SCORE;
            case PAIRWISE -> PredictionFile.Kind.WINNER;
            case STEPS -> PredictionFile.Kind.STEP;
        };
    }

    /** Default field names. */
    public InputFields fields() {
        return fields;
    }

    /** Whether this preset can feed a job of the given task ({@link #GENERIC} feeds every task). */
    public boolean supports(JudgeTask wanted) {
        return task == null || task == wanted;
    }

    /** The presets usable for a task, for help texts and error messages. */
    public static List<DatasetPreset> forTask(JudgeTask wanted) {
        return Arrays.stream(values()).filter(p -> p.supports(wanted)).toList();
    }

    /**
     * A preset by name (any case).
     *
     * @throws IllegalArgumentException naming the presets available for the task
     */
    public static DatasetPreset named(String name, JudgeTask wanted) {
        for (DatasetPreset p : forTask(wanted)) {
            if (p.id().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; use one of "
                + String.join(", ", forTask(wanted).stream().map(DatasetPreset::id).toList()));
    }
}
