package dev.gavel.cli;

import dev.gavel.InvalidOptionException;
import dev.gavel.JudgeMode;
import dev.gavel.JudgeTask;
import dev.gavel.judge.JudgeOptions;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;

/** Model, prompt and engine flags shared by grade, compare and steps; unset flags keep the judge's defaults. */
public final class JudgeFlags {
    @Option(names = "--format", paramLabel = "ID|FILE",
            description = "Judge prompt format: prometheus2 (default), gavel-rubric-v1, processbench-critique,"
                    + " or a template file (docs/formats.md).")
    String format;

    @Option(names = "--chat-template", paramLabel = "NAME",
            description = "Chat template: chatml, llama3, mistral, phi3, gemma, raw, or 'model' for the GGUF's own."
                    + " Default: mistral for prometheus2, else the model's own, else chatml.")
    String chatTemplate;

    @Option(names = "--mode", paramLabel = "feedback|score-only",
            description = "feedback: write feedback, then the score (default, how Prometheus was trained);"
                    + " score-only: score at once (fastest).")
    String mode;

    @Option(names = "--samples", paramLabel = "K", description = "Generations per item, combined by majority"
            + " (default 1; K > 1 samples at temperature 1.0, top-p 0.9 unless set).")
    Integer samples;

    @Option(names = "--feedback-tokens", paramLabel = "N", description = "Feedback token budget before the"
            + " score is forced (default 256).")
    Integer feedbackTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature; 0 = greedy (default 0"
            + " with one sample).")
    Float temperature;

    @Option(names = "--top-p", paramLabel = "P", description = "Top-p (default 1 = off).")
    Float topP;

    @Option(names = "--top-k", paramLabel = "K", description = "Top-k (default 0 = off).")
    Integer topK;

    @Option(names = "--min-p", paramLabel = "P", description = "Min-p (default 0 = off).")
    Float minP;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the first sample (default 0).")
    Long seed;

    @Option(names = "--long-input", paramLabel = "fail|elide",
            description = "A prompt longer than the context: fail (error record, default) or elide the middle"
                    + " of the response with a visible marker.")
    String longInput;

    @Option(names = "--context", paramLabel = "TOKENS", description = "KV cells of one judgment: its"
            + " prompt plus its answer must fit; each parallel sequence gets this many (default 4096).")
    Integer context;

    @Option(names = "--parallel", paramLabel = "N", description = "Sequences decoded together (default: 1 on a CPU,"
            + " where one at a time is fastest; 8 with --gpu-layers on a GPU).")
    Integer parallel;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all processors).")
    Integer threads;

    @Option(names = "--engines", paramLabel = "N", description = "Engines side by side on the model, sharing out"
            + " the threads and --parallel (default 1; on a 2-core CPU 2 was 1.05-1.24x faster, docs/performance.md).")
    Integer engines;

    @Option(names = "--gpu-layers", paramLabel = "N", description = "Layers offloaded to the GPU (default -1:"
            + " all layers when a GPU backend is present, none otherwise; 0 = CPU only).")
    Integer gpuLayers;

    @Option(names = "--batch-size", paramLabel = "TOKENS", description = "Tokens per decode call (default: 512 with"
            + " flash attention or GPU layers, else 128).")
    Integer batchSize;

    @Option(names = "--hf-tokenizer", paramLabel = "tokenizer.json",
            description = "Tokenize prompts with the model's own Hugging Face tokenizer instead of llama.cpp's"
                    + " (use when `gavel tokenizer-parity` reports differences).")
    java.nio.file.Path hfTokenizer;

    @Option(names = "--flash-attention", paramLabel = "auto|on|off",
            description = "Flash attention (default auto = on; off for a backend without it).",
            converter = FlashAttentionConverter.class)
    JudgeOptions.FlashAttention flashAttention;

    static final class FlashAttentionConverter implements picocli.CommandLine.ITypeConverter<JudgeOptions.FlashAttention> {
        @Override
        public JudgeOptions.FlashAttention convert(String value) {
            for (JudgeOptions.FlashAttention f : JudgeOptions.FlashAttention.values()) {
                if (f.name().equalsIgnoreCase(value.trim())) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of auto, on, off");
        }
    }

    @Option(names = "--no-prefix-cache", description = "Do not share common prompt prefixes between items.")
    boolean noPrefixCache;

    @Option(names = "--model-sha256", paramLabel = "HEX",
            description = "Refuse to start unless the model file's SHA-256 is this (64 hex digits, as sha256sum"
                    + " prints; hashes the whole file first).")
    String modelSha256;

    /** The --model-sha256 given, or null. */
    public String modelSha256() {
        return modelSha256;
    }

    /** The flag of each {@link JudgeOptions} option these flags set, for errors in the user's terms. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("format", "--format"), Map.entry("stepFormat", "--step-format"),
            Map.entry("chatTemplate", "--chat-template"), Map.entry("mode", "--mode"),
            Map.entry("samples", "--samples"), Map.entry("feedbackTokens", "--feedback-tokens"),
            Map.entry("temperature", "--temperature"), Map.entry("topK", "--top-k"), Map.entry("topP", "--top-p"),
            Map.entry("minP", "--min-p"), Map.entry("seed", "--seed"), Map.entry("longInput", "--long-input"),
            Map.entry("parallel", "--parallel"), Map.entry("contextSize", "--context"),
            Map.entry("threads", "--threads"), Map.entry("engines", "--engines"), Map.entry("gpuLayers", "--gpu-layers"),
            Map.entry("batchSize", "--batch-size"), Map.entry("flashAttention", "--flash-attention"),
            Map.entry("pairwiseBothOrders", "--one-order"), Map.entry("allowTies", "--allow-ties"),
            Map.entry("prefixCache", "--no-prefix-cache"), Map.entry("huggingFaceTokenizer", "--hf-tokenizer"));

    /** A {@link JudgeOptions} error worded with the command's flags. */
    public static String inFlagTerms(InvalidOptionException e) {
        return e.message(option -> FLAGS.getOrDefault(option, option));
    }

    /**
     * Refuses flags that were given but would change nothing for {@code task} under the options
     * they built, so that nothing the user asked for is silently ignored.
     *
     * @throws FlagException naming the flag and what to do instead
     */
    public void requireApplicable(JudgeTask task, JudgeOptions built) {
        if (task == JudgeTask.STEPS && format != null) {
            throw new FlagException("--format does not apply to steps, which reads its prompt format from"
                    + " --step-format (default processbench-critique); pass --step-format " + format + " instead");
        }
        if (task != JudgeTask.ABSOLUTE && samples != null && samples != 1) {
            throw new FlagException("--samples applies to grade only: " + (task == JudgeTask.STEPS ? "steps" : "compare")
                    + " makes one generation per " + (task == JudgeTask.STEPS ? "solution" : "order"));
        }
        if (task == JudgeTask.STEPS && built.longInput() == JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE) {
            throw new FlagException("--long-input elide does not apply to steps: step solutions are never cut;"
                    + " raise --context instead");
        }
        if (feedbackTokens != null && built.mode() == JudgeMode.SCORE_ONLY) {
            throw new FlagException("--feedback-tokens does not apply with --mode score-only, which writes no"
                    + " feedback; drop one of them");
        }
        if (seed != null && built.temperature() == 0) {
            throw new FlagException("--seed has no effect with greedy decoding; set --temperature > 0 (or"
                    + " --samples > 1) to sample");
        }
    }

    /**
     * The judge options these flags ask for.
     *
     * @throws FlagException naming a bad value
     */
    public JudgeOptions.Builder toBuilder() {
        JudgeOptions.Builder b = JudgeOptions.builder();
        if (format != null) {
            b.format(format);
        }
        if (chatTemplate != null) {
            b.chatTemplate(chatTemplate);
        }
        if (mode != null) {
            try {
                b.mode(JudgeMode.parse(mode));
            } catch (IllegalArgumentException e) {
                throw new FlagException("unknown --mode '" + mode + "'; use feedback or score-only");
            }
        }
        if (longInput != null) {
            b.longInput(switch (longInput.toLowerCase(Locale.ROOT)) {
                case "fail" -> JudgeOptions.LongInputPolicy.FAIL;
                case "elide" -> JudgeOptions.LongInputPolicy.ELIDE_RESPONSE_MIDDLE;
                default -> throw new FlagException("unknown --long-input '" + longInput + "'; use fail or elide");
            });
        }
        if (samples != null) {
            b.samples(samples);
        }
        if (feedbackTokens != null) {
            b.feedbackTokens(feedbackTokens);
        }
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (topP != null) {
            b.topP(topP);
        }
        if (topK != null) {
            b.topK(topK);
        }
        if (minP != null) {
            b.minP(minP);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (context != null) {
            b.contextSize(context);
        }
        if (parallel != null) {
            b.parallel(parallel);
        }
        if (engines != null) {
            b.engines(engines);
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (gpuLayers != null) {
            b.gpuLayers(gpuLayers);
        }
        if (flashAttention != null) {
            b.flashAttention(flashAttention);
        }
        if (hfTokenizer != null) {
            b.huggingFaceTokenizer(hfTokenizer);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (noPrefixCache) {
            b.prefixCache(false);
        }
        if (modelSha256 != null) {
            b.expectedModelSha256(modelSha256);
        }
        return b;
    }
}
