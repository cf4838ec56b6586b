package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gavel.AbsoluteRequest;
import dev.gavel.GavelException;
import dev.gavel.JudgeMode;
import dev.gavel.JudgeTask;
import dev.gavel.StepRequest;
import dev.gavel.data.DatasetPreset;
import dev.gavel.eval.DataFiles;
import dev.gavel.format.ChatTemplate;
import dev.gavel.format.JudgeFormat;
import dev.gavel.format.JudgeFormats;
import dev.gavel.jobs.InputItem;
import dev.gavel.jobs.InputReader;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.judge.recipe.ChatTemplateChoice;
import dev.gavel.judge.recipe.JudgeRecipe;
import dev.gavel.judge.recipe.PreparedPrompt;
import dev.gavel.tokenize.HfTokenizer;
import dev.gavel.tokenize.ItemBudget;
import dev.gavel.tokenize.PlannedPrompt;
import dev.gavel.tokenize.PromptTokenizer;
import dev.gavel.tokenize.Throughput;
import dev.gavel.tokenize.TokenBudget;
import dev.gavel.tokenize.TokenBudgetPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code gavel plan}: token budget of a judging run before any model is loaded: prompt tokens per
 * item through the model's tokenizer.json, the answer budget, what shared prefixes save, items
 * that will not fit the context, and the run time at measured speeds.
 */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        description = "Count a judging run's tokens with the model's tokenizer.json, before loading the model.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:plan printed (items that do not fit are listed)", "2:usage error",
                "3:input, tokenizer or format could not be read"})
public final class PlanCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int INPUT_PROBLEM = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Items as grade (prometheus) or steps (processbench) read them: JSON Lines or a JSON"
                    + " array; a bare name is also looked up in $GAVEL_SHARED/data/dev.")
    Path input;

    @Option(names = "--preset", required = true, paramLabel = "P",
            description = "Dataset kind: prometheus (absolute grading) or processbench (step critique).")
    String preset;

    @Option(names = "--tokenizer", required = true, paramLabel = "tokenizer.json",
            description = "The judge model's Hugging Face tokenizer.json.")
    Path tokenizer;

    @Option(names = "--format", paramLabel = "F",
            description = "Judge format id or template file (default: prometheus2, or processbench-critique).")
    String format;

    @Option(names = "--chat-template", paramLabel = "T",
            description = "Chat template: raw, chatml, llama3, mistral, phi3, gemma (default as grade picks it:"
                    + " mistral for prometheus2, else chatml; grade would use a GGUF's own template if it has one).")
    String chatTemplate;

    @Option(names = "--mode", paramLabel = "feedback|score-only",
            description = "As grade's --mode: feedback first (default) or the score at once.")
    String mode;

    @Option(names = "--bos", paramLabel = "TOKEN",
            description = "Special token the model puts first (e.g. \"<s>\"). Default: what tokenizer_config.json"
                    + " beside the tokenizer says (add_bos_token, bos_token), as a GGUF converted from it records;"
                    + " else none, as ChatML models do.")
    String bos;

    @Option(names = "--context", paramLabel = "N", description = "Context size to check every item against.")
    Integer context;

    @Option(names = "--feedback-tokens", defaultValue = "" + JudgeOptions.DEFAULT_FEEDBACK_TOKENS, paramLabel = "N",
            description = "Feedback budget before the score is forced (default ${DEFAULT-VALUE}, as grade's);"
                    + " an item's answer budget adds the marker and the score, as grade reserves them.")
    int feedbackTokens;

    @Option(names = "--prompt-tokens-per-s", paramLabel = "X", description = "Measured prefill speed, for a run-time estimate.")
    Double promptSpeed;

    @Option(names = "--generated-tokens-per-s", paramLabel = "Y", description = "Measured generation speed, for a run-time estimate.")
    Double generatedSpeed;

    @Option(names = "--items", description = "List every item in text mode (always listed in --json).")
    boolean listItems;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((promptSpeed == null) != (generatedSpeed == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--prompt-tokens-per-s and --generated-tokens-per-s go together");
        }
        if (context != null && context <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--context must be positive");
        }
        DatasetPreset kind = preset();
        Throughput speed;
        JudgeMode judgeMode;
        try {
            speed = promptSpeed == null ? null : new Throughput(promptSpeed, generatedSpeed);
            judgeMode = mode == null ? JudgeOptions.defaults().mode() : JudgeMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (HfTokenizer hf = HfTokenizer.load(tokenizer)) {
            JudgeFormat judgeFormat = JudgeFormats.resolve(format != null ? format
                    : kind == DatasetPreset.PROCESSBENCH ? JudgeOptions.defaults().stepFormat() : JudgeOptions.defaults().format());
            ChatTemplate template = template(judgeFormat);
            OptionalInt bosId = bosId(hf);
            // No model: the tokenizer.json counts the marker too, as the engine would with the model's vocabulary.
            JudgeRecipe recipe = new JudgeRecipe(judgeFormat, template, judgeMode, feedbackTokens,
                    PromptTokenizer.huggingFace(hf, bosId));
            int[] bad = {0};
            List<PlannedPrompt> prompts = prompts(kind, DataFiles.resolve(input), recipe, bad);
            if (bad[0] > 0) {
                err.println("gavel plan: " + bad[0] + " record(s) of " + input + " cannot be judged and are left out"
                        + " (grade or steps would write an error record for each)");
            }
            TokenBudget plan = TokenBudgetPlanner.plan(prompts, context == null ? OptionalInt.empty()
                    : OptionalInt.of(context));
            out.println(json ? json(plan, speed) : text(plan, speed, judgeFormat, template));
            out.flush();
            return OK;
        } catch (IOException | GavelException | IllegalArgumentException | UnsupportedOperationException e) {
            err.println("gavel plan: " + e.getMessage());
            err.flush();
            return INPUT_PROBLEM;
        }
    }

    /**
     * The BOS id grade's model would put first: --bos, else the tokenizer_config.json beside the
     * tokenizer's {@code bos_token} when its {@code add_bos_token} is true (the metadata a GGUF
     * converted from these files carries), else none.
     */
    private OptionalInt bosId(HfTokenizer hf) throws IOException {
        String name = bos;
        Path config = tokenizer.toAbsolutePath().resolveSibling("tokenizer_config.json");
        if (name == null && Files.isRegularFile(config)) {
            JsonNode c = new ObjectMapper().readTree(config.toFile());
            JsonNode token = c.path("bos_token");
            String text = token.isTextual() ? token.asText() : token.path("content").asText(null);
            if (c.path("add_bos_token").asBoolean(false) && text != null) {
                name = text;
            }
        }
        if (name == null) {
            return OptionalInt.empty();
        }
        OptionalInt id = hf.specialTokenId(name);
        if (id.isEmpty()) {
            throw new IOException(tokenizer + " declares no special token " + name);
        }
        return id;
    }

    /** The --chat-template asked for, else grade's automatic choice for a model without a template of its own. */
    private ChatTemplate template(JudgeFormat judgeFormat) {
        try {
            return ChatTemplateChoice.withoutModel(chatTemplate, judgeFormat);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private DatasetPreset preset() {
        for (DatasetPreset p : List.of(DatasetPreset.PROMETHEUS, DatasetPreset.PROCESSBENCH)) {
            if (p.id().equalsIgnoreCase(preset.strip())) {
                return p;
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "plan supports --preset prometheus or processbench, not '"
                + preset + "'");
    }

    /**
     * The prompts of the judgeable items, read exactly as {@code grade} (prometheus) or
     * {@code steps} (processbench) read the file with their default preset: JSON Lines or a JSON
     * array, the same ids. Records those commands would turn into error records are counted in
     * {@code bad}.
     */
    private static List<PlannedPrompt> prompts(DatasetPreset kind, Path file, JudgeRecipe recipe, int[] bad)
            throws IOException, GavelException {
        List<PlannedPrompt> out = new ArrayList<>();
        if (kind == DatasetPreset.PROMETHEUS) {
            InputReader reader = new InputReader(DatasetPreset.named("prometheus", JudgeTask.ABSOLUTE).fields());
            for (InputItem<AbsoluteRequest> item : reader.absolute(file, null)) {
                if (item.isOk()) {
                    out.add(planned(item.id(), recipe.absolute(item.request())));
                } else {
                    bad[0]++;
                }
            }
        } else {
            if (!recipe.format().supports(JudgeTask.STEPS)) {
                throw new IllegalArgumentException("format " + recipe.format().id() + " cannot judge solution steps");
            }
            InputReader reader = new InputReader(DatasetPreset.named("processbench", JudgeTask.STEPS).fields());
            for (InputItem<StepRequest> item : reader.steps(file)) {
                if (item.isOk()) {
                    out.add(planned(item.id(), recipe.steps(item.request())));
                } else {
                    bad[0]++;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no item that could be judged" + (bad[0] > 0 ? " (" + bad[0]
                    + " bad records; grade or steps would write an error record for each)" : ""));
        }
        return out;
    }

    private static PlannedPrompt planned(String id, PreparedPrompt prompt) {
        return new PlannedPrompt(id, prompt.tokens(), prompt.answerTokens());
    }

    private String text(TokenBudget plan, Throughput speed, JudgeFormat format, ChatTemplate template) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d items, format %s, chat template %s, tokenizer %s%n",
                plan.items().size(), format.id(), template.id(), tokenizer));
        if (listItems) {
            b.append(String.format(Locale.ROOT, "%-40s %8s %8s %8s %8s%n", "item", "prompt", "answer", "total", "new"));
            for (ItemBudget i : plan.items()) {
                b.append(String.format(Locale.ROOT, "%-40s %8d %8d %8d %8d%n", i.id(), i.promptTokens(), i.answerTokens(),
                        i.totalTokens(), i.newTokens()));
            }
        }
        IntSummary s = IntSummary.of(plan.items());
        b.append(String.format(Locale.ROOT, "prompt tokens: %,d (per item min %,d, mean %,.0f, max %,d)%n",
                plan.promptTokens(), s.min, s.mean, s.max));
        b.append(String.format(Locale.ROOT, "answer budget: %,d (up to %,d per item)%n",
                plan.answerTokens(), plan.items().stream().mapToInt(ItemBudget::answerTokens).max().orElse(0)));
        b.append(String.format(Locale.ROOT, "total:         %,d tokens; largest item %,d%n", plan.totalTokens(), plan.largestItem()));
        b.append(String.format(Locale.ROOT, "prefix sharing: %,d unique prompt tokens, %,d (%.1f%%) computed once instead of again%n",
                plan.uniquePromptTokens(), plan.savedByPrefixSharing(),
                plan.promptTokens() == 0 ? 0.0 : 100.0 * plan.savedByPrefixSharing() / plan.promptTokens()));
        if (plan.contextSize().isPresent()) {
            b.append(String.format(Locale.ROOT, "context %,d: %d item(s) do not fit%n", plan.contextSize().getAsInt(),
                    plan.tooLong().size()));
            for (ItemBudget i : plan.tooLong()) {
                b.append(String.format(Locale.ROOT, "  %s needs %,d (prompt %,d + answer %,d)%n", i.id(), i.totalTokens(),
                        i.promptTokens(), i.answerTokens()));
            }
        }
        if (speed != null) {
            double prefillCached = plan.uniquePromptTokens() / speed.promptTokensPerSecond();
            double prefillAll = plan.promptTokens() / speed.promptTokensPerSecond();
            double generate = plan.answerTokens() / speed.generatedTokensPerSecond();
            b.append(String.format(Locale.ROOT, "estimated run time: %s with prefix cache, %s without%n",
                    human(plan.estimate(speed, true)), human(plan.estimate(speed, false))));
            b.append(String.format(Locale.ROOT, "  prefill %s (%s without cache) + generation %s at the full answer budget%n",
                    human(seconds(prefillCached)), human(seconds(prefillAll)), human(seconds(generate))));
        }
        return b.toString().stripTrailing();
    }

    private String json(TokenBudget plan, Throughput speed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tokenizer", tokenizer.toString());
        o.put("items", plan.items().size());
        o.put("promptTokens", plan.promptTokens());
        o.put("answerTokens", plan.answerTokens());
        o.put("totalTokens", plan.totalTokens());
        o.put("uniquePromptTokens", plan.uniquePromptTokens());
        o.put("savedByPrefixSharing", plan.savedByPrefixSharing());
        o.put("largestItem", plan.largestItem());
        plan.contextSize().ifPresent(c -> {
            o.put("contextSize", c);
            o.put("tooLong", plan.tooLong().stream().map(ItemBudget::id).toList());
        });
        if (speed != null) {
            o.put("estimatedSecondsWithPrefixCache", plan.estimate(speed, true).toMillis() / 1000.0);
            o.put("estimatedSecondsWithoutPrefixCache", plan.estimate(speed, false).toMillis() / 1000.0);
        }
        o.put("perItem", plan.items());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the plan as JSON", e);
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static String human(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s"
                : (s / 3600) + " h " + (s % 3600 / 60) + " min " + (s % 60) + " s";
    }

    /** Min, mean and max prompt tokens over the items. */
    private record IntSummary(int min, double mean, int max) {
        static IntSummary of(List<ItemBudget> items) {
            var stats = items.stream().mapToInt(ItemBudget::promptTokens).summaryStatistics();
            return new IntSummary(items.isEmpty() ? 0 : stats.getMin(), stats.getAverage(), items.isEmpty() ? 0 : stats.getMax());
        }
    }
}
