package dev.gavel.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The input layouts Gavel knows, each with its task and default field names. Field flags on the
 * command line override the defaults, so {@link #GENERIC} plus flags reads any layout.
 */
public enum InputPreset {
    /**
     * Prometheus absolute grading: prometheus-eval's benchmark files, whose {@code instruction}
     * holds the whole filled-in prompt (split back into its parts), or plain records with
     * {@code id, instruction, response, reference_answer} and a rubric. Records without an id
     * (the benchmark files have none) are numbered by 0-based record index, as {@code gavel eval}
     * expects.
     */
    PROMETHEUS(Task.ABSOLUTE, InputFields.defaults()),
    /** LLMBar pairwise files: {@code input, output_1, output_2}; no ids, so the 0-based record index. */
    LLMBAR(Task.PAIRWISE, InputFields.defaults().withInstruction("input").withInput("")
            .withResponseA("output_1").withResponseB("output_2")),
    /** PandaLM test set: {@code idx, instruction, input, response1, response2}. */
    PANDALM(Task.PAIRWISE, InputFields.defaults().withId("idx").withResponseA("response1").withResponseB("response2")),
    /** ProcessBench: {@code id, problem, steps}; the judge names the first wrong step. */
    PROCESSBENCH(Task.STEPS, InputFields.defaults().withInstruction("problem")),
    /** JudgeBench: {@code pair_id, question, response_A, response_B}. */
    JUDGEBENCH(Task.PAIRWISE, InputFields.defaults().withId("pair_id").withInstruction("question").withInput("")
            .withResponseA("response_A").withResponseB("response_B")),
    /** Auto-J's pairwise test set: {@code prompt, response 1, response 2}; no ids, so the 0-based record index. */
    AUTOJ(Task.PAIRWISE, InputFields.defaults().withId("").withInstruction("prompt").withInput("")
            .withResponseA("response 1").withResponseB("response 2")),
    /**
     * RewardBench: {@code id, prompt, chosen, rejected}. The pair is shown in a seeded random order
     * ({@link ShownPairs}), which each output record keeps.
     */
    REWARDBENCH(Task.PAIRWISE, InputFields.defaults().withInstruction("prompt").withInput("")),
    /** Any file: the generic field names of {@link InputFields#defaults()}, usually overridden by flags. */
    GENERIC(null, InputFields.defaults());

    /** What a preset's records are judged for. */
    public enum Task {
        /** One response graded on a rubric's scale. */
        ABSOLUTE,
        /** Two responses compared. */
        PAIRWISE,
        /** A step-by-step solution checked for its first wrong step. */
        STEPS
    }

    private final Task task;
    private final InputFields fields;

    InputPreset(Task task, InputFields fields) {
        this.task = task;
        this.fields = fields;
    }

    /** The lower-case name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Default field names. */
    public InputFields fields() {
        return fields;
    }

    /** Whether this preset can feed a job of the given task ({@link #GENERIC} feeds every task). */
    public boolean supports(Task wanted) {
        return task == null || task == wanted;
    }

    /** The presets usable for a task, for help texts and error messages. */
    public static List<InputPreset> forTask(Task wanted) {
        return Arrays.stream(values()).filter(p -> p.supports(wanted)).toList();
    }

    /**
     * A preset by name (any case).
     *
     * @throws IllegalArgumentException naming the presets available for the task
     */
    public static InputPreset named(String name, Task wanted) {
        for (InputPreset p : forTask(wanted)) {
            if (p.id().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; use one of "
                + String.join(", ", forTask(wanted).stream().map(InputPreset::id).toList()));
    }
}
